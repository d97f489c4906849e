/** `pipebench report` and `pipebench merge` through the built binary, on a real run's result. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../src/server/index.js';
import { validateResult } from '../../src/report/read-result.js';
import { runCli } from '../helpers/cli.js';
import { latencies, makeResult } from '../unit/report-fixture.test.js';

const dir = mkdtempSync(join(tmpdir(), 'pb-report-cli-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Two sustained runs against one reference server, side by side; their result files. */
async function realRuns(): Promise<[string, string]> {
  const server = await startServer({ port: 0 });
  try {
    const files: [string, string] = [join(dir, 'a.json'), join(dir, 'b.json')];
    const args = (f: string) => ['sustained', '--target', server.url, '--sessions', '2', '--duration', '2s', '--chunk-ms', '100', '--json', f, '--quiet'];
    const runs = await Promise.all(files.map((f) => runCli(args(f), { timeoutMs: 30_000 })));
    for (const r of runs) assert.ok(r.code === 0 || r.code === 1 || r.code === 4, `exit ${r.code}: ${r.stderr}`);
    return files;
  } finally {
    await server.close();
  }
}

let real: Promise<[string, string]> | undefined;
const runsOnce = () => (real ??= realRuns());

test('a real run writes a result that fits the schema', async () => {
  const [a] = await runsOnce();
  assert.deepEqual(validateResult(JSON.parse(readFileSync(a, 'utf8'))), []);
});

test('report: renders the table and every file; exit 0, or the result\'s own code with --gate', async () => {
  const file = join(dir, 'failed.json');
  const failed = makeResult({ rtt: latencies(100, 40), thresholds: [{ metric: 'chunk_rtt_ms', expression: 'p(95) < 5', actual: 70, limit: 5, op: '<', passed: false }] });
  writeFileSync(file, JSON.stringify(failed));
  const out = (n: string) => join(dir, n);
  const r = await runCli(['report', file, '--html', out('r.html'), '--junit', out('r.xml'), '--summary-md', out('r.md'), '--timeline', out('t.jsonl')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /chunk_rtt_ms: p\(95\) < 5/);
  assert.match(r.stdout, /FAIL/);
  assert.match(readFileSync(out('r.html'), 'utf8'), /<svg/);
  assert.match(readFileSync(out('r.xml'), 'utf8'), /failures="1"/);
  assert.match(readFileSync(out('r.md'), 'utf8'), /FAIL/);
  assert.equal(readFileSync(out('t.jsonl'), 'utf8').trimEnd().split('\n').length, 10);
  const gated = await runCli(['report', file, '--gate', '--quiet']);
  assert.equal(gated.code, 1);
  assert.equal(gated.stdout, '');
});

test('report: exit 2 naming the problem for a missing file, bad JSON, another schema, or a missing output directory', async () => {
  writeFileSync(join(dir, 'bad.json'), '{"schema": "pipebench/result@1",');
  writeFileSync(join(dir, 'k6.json'), '{"metrics": {}}');
  const cases: Array<[string[], RegExp]> = [
    [['report', join(dir, 'nope.json')], /nope\.json: cannot read it: no such file/],
    [['report', join(dir, 'bad.json')], /bad\.json: invalid JSON/],
    [['report', join(dir, 'k6.json')], /k6\.json: not a pipebench result/],
    [['report', join(dir, 'k6.json'), '--html', join(dir, 'no/dir/r.html')], /--html .*does not exist/],
  ];
  for (const [args, re] of cases) {
    const r = await runCli(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, re);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
  }
});

test('merge: two real side-by-side runs add up to their own counts; one run merges to itself', async () => {
  const [a, b] = await runsOnce();
  const ra = JSON.parse(readFileSync(a, 'utf8'));
  const rb = JSON.parse(readFileSync(b, 'utf8'));
  const out = join(dir, 'merged.json');
  const r = await runCli(['merge', a, b, '--out', out, '--threshold', 'chunk_rtt_ms: p(95) < 100000']);
  assert.ok([0, 4].includes(r.code!), r.stderr);
  const m = JSON.parse(readFileSync(out, 'utf8'));
  assert.deepEqual(validateResult(m), []);
  for (const k of Object.keys(ra.counts)) assert.equal(m.counts[k], ra.counts[k] + rb.counts[k], k);
  for (const k of Object.keys(ra.metrics)) assert.equal(m.metrics[k].count, ra.metrics[k].count + rb.metrics[k].count, k);
  assert.equal(m.rates.success_rate, m.counts.chunks_acked / m.counts.chunks_due);
  assert.equal(m.timeline.reduce((s: number, p: { chunks_acked: number }) => s + p.chunks_acked, 0), m.counts.chunks_acked);
  assert.deepEqual(m.thresholds.map((t: { expression: string }) => t.expression), ['p(95) < 100000']);
  assert.match(r.stdout, /chunk_rtt_ms: p\(95\) < 100000/);

  const one = join(dir, 'one.json');
  const single = await runCli(['merge', a, '--out', one, '--quiet']);
  assert.ok(existsSync(one), `exit ${single.code}: ${single.stderr}`);
  const m1 = JSON.parse(readFileSync(one, 'utf8'));
  for (const k of ['counts', 'rates', 'errors', 'timeline', 'worst_session', 'thresholds', 'verdict', 'exit_code']) assert.deepEqual(m1[k], ra[k], k);
  for (const k of Object.keys(ra.metrics)) assert.equal(m1.metrics[k].p99, ra.metrics[k].p99, k);
});

test('merge: exit 2 for runs of different scenarios', async () => {
  const x = join(dir, 'x.json');
  const y = join(dir, 'y.json');
  writeFileSync(x, JSON.stringify(makeResult({ rtt: [10, 20] })));
  writeFileSync(y, JSON.stringify(makeResult({ rtt: [10, 20], scenario: { chunk_ms: 20 } })));
  const r = await runCli(['merge', x, y]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cannot merge runs of different scenarios: .*y\.json differs from .*x\.json in chunk_ms: 100 → 20/);
});
