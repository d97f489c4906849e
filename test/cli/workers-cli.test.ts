/**
 * --workers 2 through the built binary against the reference server. --out chunks=FILE and
 * --verbose: the workers' events reach the main thread's sinks, so the file has one record per
 * chunk of every worker's sessions, agreeing with the merged result, and --verbose says every
 * session's life once. Ctrl-C: exit 130, the server's own counters show every session deleted.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { runCli } from '../helpers/cli.js';

let server: RunningServer;
const dir = mkdtempSync(join(tmpdir(), 'pb-workers-out-'));
before(async () => {
  server = await startServer({ host: '127.0.0.1', port: 0 });
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('--workers 2 with --out chunks=FILE and --verbose: every worker\'s chunks in the file, counts as the merged result', async () => {
  const [jsonl, json] = ['c.jsonl', 'r.json'].map((n) => join(dir, n));
  const r = await runCli(['sustained', '--target', server.url, '--sessions', '4', '--workers', '2', '--duration', '1s', '--max-lag', '10s',
    '--no-color', '--out', `chunks=${jsonl}`, '--verbose', '--json', json], { timeoutMs: 60_000 });
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(readFileSync(json, 'utf8'));
  assert.equal(result.workers.length, 2);
  const recs = readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const measured = recs.filter((x) => x.measured);
  assert.equal(measured.filter((x) => x.outcome === 'acked').length, result.counts.chunks_acked);
  assert.equal(measured.length, result.counts.chunks_due);
  assert.deepEqual(new Set(recs.map((x) => x.session)), new Set([0, 1, 2, 3]));
  // Times are on one clock: every record's due time is its session's slot on the global schedule.
  for (const x of recs.filter((y) => y.outcome === 'acked')) assert.ok(x.sent >= x.due - 0.5 && x.answered >= x.sent && x.rtt_ms >= 0, JSON.stringify(x));
  assert.equal((r.stderr.match(/session created/g) ?? []).length, 4);
  assert.equal((r.stderr.match(/clock started/g) ?? []).length, 1);
  assert.equal((r.stderr.match(/session deleted/g) ?? []).length, 4);
  assert.equal(server.totals().sessionsRemoved, server.totals().sessionsCreated);
});

test('Ctrl-C (SIGINT) with --workers 2: every worker stops, every session deleted on the server, exit 130', async () => {
  const before = server.totals();
  const r = await runCli(['sustained', '--target', server.url, '--sessions', '4', '--workers', '2', '--duration', '60s', '--max-lag', '10s', '--no-color'], {
    timeoutMs: 60_000,
    // Both workers' sessions stream: the server has processed chunks of all four.
    interruptWhen: () => server.totals().chunksProcessed - before.chunksProcessed >= 8 && server.sessionCount() === 4,
  });
  assert.equal(r.code, 130, r.stderr);
  const after = server.totals();
  assert.equal(after.sessionsCreated - before.sessionsCreated, 4);
  assert.equal(after.sessionsRemoved - before.sessionsRemoved, 4);
  assert.equal(server.sessionCount(), 0);
  assert.match(r.stdout, /INTERRUPTED/);
});
