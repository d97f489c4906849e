/**
 * --tag (and, with a real Prometheus, --out) through the built binary against the reference
 * server: the labels reach the result, every report file and the table; bad values exit 2 naming
 * each problem before anything connects.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { validateResult } from '../../src/report/read-result.js';
import { runCli } from '../helpers/cli.js';
import { prometheusMissing, startPrometheus } from '../helpers/prometheus.js';

let server: RunningServer;
const dir = mkdtempSync(join(tmpdir(), 'pb-live-cli-'));
before(async () => {
  server = await startServer({ host: '127.0.0.1', port: 0 });
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (extra: string[]) => runCli(['sustained', '--target', server.url, '--sessions', '2', '--duration', '1s', '--max-lag', '10s', '--no-color', ...extra], { timeoutMs: 60_000 });

test('--tag: in the result JSON (with the run id), the Markdown, JUnit, HTML and the table', async () => {
  const f = (n: string) => join(dir, n);
  const r = await run(['--tag', 'branch=main', '--tag', 'pr=12', '--json', f('r.json'), '--summary-md', f('r.md'), '--junit', f('r.xml'), '--html', f('r.html')]);
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(readFileSync(f('r.json'), 'utf8'));
  assert.deepEqual(validateResult(result), []);
  assert.deepEqual(result.tags, { branch: 'main', pr: '12' });
  assert.match(result.run_id, /^\d{13}$/);
  assert.match(readFileSync(f('r.md'), 'utf8'), /<sub>tags: branch=main, pr=12 · pipebench/);
  assert.match(readFileSync(f('r.xml'), 'utf8'), /<property name="tag\.branch" value="main"\/>\s*<property name="tag\.pr" value="12"\/>/);
  assert.match(readFileSync(f('r.html'), 'utf8'), /<span class="tag">branch=main<\/span><span class="tag">pr=12<\/span>/);
  assert.match(r.stdout, /^tags: branch=main pr=12$/m);
});

test('bad --tag and --out values: exit 2, each named with its fix, nothing run', async () => {
  const r = await run(['--tag', 'run_id=x', '--tag', 'nokey', '--tag', '9x=y', '--out', 'influx=x', '--out', 'prometheus=localhost:9090', '--out', `chunks=${join(dir, 'no', 'c.csv')}`]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--out influx=x: unknown output "influx"; choose prometheus=URL or chunks=FILE/);
  assert.match(r.stderr, /--out prometheus=localhost:9090: expected an http\(s\) remote-write URL/);
  assert.match(r.stderr, /--out chunks=.*c\.csv: the directory .* does not exist; create it first/);
  assert.match(r.stderr, /--tag run_id=x: "run_id" is set by pipebench itself/);
  assert.match(r.stderr, /--tag nokey: expected key=value/);
  assert.match(r.stderr, /--tag 9x=y: expected key=value/);
  assert.equal(server.sessionCount(), 0);
});

test('--out chunks=FILE (JSON Lines and CSV) and --verbose: one record per chunk agreeing with the result; session events on stderr', async () => {
  const [jsonl, csv, json] = ['c.jsonl', 'c.csv', 'c.json'].map((n) => join(dir, n));
  const r = await run(['--out', `chunks=${jsonl}`, '--out', `chunks=${csv}`, '--verbose', '--json', json]);
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(readFileSync(json, 'utf8'));
  const recs = readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const measured = recs.filter((x) => x.measured);
  assert.equal(measured.filter((x) => x.outcome === 'acked').length, result.counts.chunks_acked);
  assert.equal(measured.length, result.counts.chunks_due);
  assert.deepEqual(new Set(recs.map((x) => x.session)), new Set([0, 1]));
  for (const x of recs.filter((y) => y.outcome === 'acked')) assert.ok(x.sent >= x.due && x.answered >= x.sent && Math.abs(x.rtt_ms - (x.answered - x.due)) < 0.01, JSON.stringify(x));
  const rtts = measured.filter((x) => x.outcome === 'acked').map((x) => x.rtt_ms).sort((a, b) => a - b);
  assert.ok(Math.abs(rtts[Math.floor(rtts.length / 2)] - result.metrics.chunk_rtt_ms.p50) < 2, 'the records give the result\'s median');
  const lines = readFileSync(csv, 'utf8').trim().split('\n');
  assert.equal(lines[0], 'session,seq,due,sent,answered,rtt_ms,outcome,kind,measured');
  assert.equal(lines.length - 1, recs.length);
  assert.equal((r.stderr.match(/session created/g) ?? []).length, 2);
  assert.match(r.stderr, /pipebench: \+0\.000s clock started; measuring from \+0\.000s to \+1\.000s/);
  assert.equal((r.stderr.match(/session deleted/g) ?? []).length, 2);
});

test('--out prometheus=URL against a real Prometheus: the run\'s series with its values and labels', { skip: prometheusMissing }, async () => {
  const prom = await startPrometheus();
  try {
    const id = `t${process.pid}${Date.now()}`;
    const r = await run(['--out', `prometheus=${prom.writeUrl}`, '--tag', `test_id=${id}`, '--json', '-', '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout);
    const series = await prom.query(`{test_id="${id}", __name__=~"pipebench_chunks_(acked|sent|lost)_total|pipebench_chunk_rtt_ms_count"}`);
    const value = (name: string) => series.find((s) => s.labels.__name__ === name)?.value;
    assert.equal(value('pipebench_chunks_acked_total'), result.counts.chunks_acked);
    assert.equal(value('pipebench_chunks_sent_total'), result.counts.chunks_sent);
    assert.equal(value('pipebench_chunks_lost_total'), result.counts.chunks_lost);
    assert.equal(value('pipebench_chunk_rtt_ms_count'), result.metrics.chunk_rtt_ms.count);
    for (const s of series) {
      assert.deepEqual([s.labels.run_id, s.labels.command, s.labels.target, s.labels.job], [result.run_id, 'sustained', server.url, 'pipebench']);
    }
    const p99 = await prom.query(`pipebench_chunk_rtt_ms{test_id="${id}", quantile="0.99"}`);
    assert.equal(p99.length, 1);
    assert.ok(p99[0].value > 0 && p99[0].value <= result.metrics.chunk_rtt_ms.max + 1, `${p99[0].value}`);
    assert.deepEqual(result.warnings.filter((w: string) => w.includes('prometheus')), [], 'no failed push');
  } finally {
    await prom.close();
  }
});

test('--out prometheus=URL to nothing: the run passes, the failed pushes are a warning', async () => {
  const r = await run(['--out', 'prometheus=http://127.0.0.1:9/api/v1/write', '--json', '-']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /--out prometheus: a push to http:\/\/127\.0\.0\.1:9\/api\/v1\/write failed \(ECONNREFUSED\); the run goes on/);
  assert.match(JSON.parse(r.stdout).warnings.join('\n'), /--out prometheus: 1 of 1 pushes .* failed \(last: ECONNREFUSED\)/);
});
