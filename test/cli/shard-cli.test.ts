/**
 * Shards end to end through the built binary: N real pipebench processes as shards of one plan,
 * sharing a --start-at, against one reference server on 127.0.0.1; merged, and checked against
 * the server's own counters. Then what `merge` refuses, and what `--start-at` refuses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../src/server/index.js';
import type { Result } from '../../src/report/result.js';
import { validateResult } from '../../src/report/read-result.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'pb-shard-cli-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const read = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as Result;
const SHARDS = 3;
const SESSIONS = 7;
const files = Array.from({ length: SHARDS }, (_, k) => join(dir, `shard-${k + 1}.json`));

/** Every shard as its own process, started together; the server's totals once they have all exited. */
async function runShards() {
  const server = await startServer({ port: 0 });
  try {
    // A few seconds ahead: time for three Node processes to start on a busy machine.
    const startAt = Date.now() + 6000;
    const args = (k: number) => [
      'sustained', '--target', server.url, '--sessions', String(SESSIONS), '--duration', '2s', '--chunk-ms', '100',
      // The last shard finds its index the way a Kubernetes Indexed Job pod does.
      '--shard', k === SHARDS - 1 ? `auto/${SHARDS}` : `${k + 1}/${SHARDS}`,
      '--start-at', k === 0 ? new Date(startAt).toISOString() : String(startAt), '--json', files[k], '--quiet',
    ];
    const runs = await Promise.all(files.map((_, k) => runCli(args(k), { timeoutMs: 40_000, env: { JOB_COMPLETION_INDEX: String(k) } })));
    for (const r of runs) assert.ok([0, 1, 4].includes(r.code ?? -1), `exit ${r.code}: ${r.stderr}`);
    return { totals: server.totals(), startAt };
  } finally {
    await server.close();
  }
}

let shardRun: ReturnType<typeof runShards> | undefined;
const shardsOnce = () => (shardRun ??= runShards());

test('shards of one plan with a shared --start-at: each runs its stride, the merge equals the server\'s own counts', async () => {
  const { totals, startAt } = await shardsOnce();
  const shards = files.map(read);
  assert.deepEqual(shards.map((s) => s.shard?.index), [1, 2, 3]);
  assert.deepEqual(shards.map((s) => s.scenario.sessions), [3, 2, 2], 'sessions 0,3,6 | 1,4 | 2,5');
  assert.equal(new Set(shards.map((s) => s.shard?.plan)).size, 1, 'one plan');
  for (const s of shards) {
    assert.equal(s.shard?.start_at, new Date(startAt).toISOString());
    assert.equal(s.started_at, s.shard?.start_at, 'the schedule started at the agreed instant');
    assert.equal(s.shard?.total_sessions, SESSIONS);
  }
  const merged = join(dir, 'merged.json');
  const m = await runCli(['merge', ...files, '--out', merged, '--quiet'], { timeoutMs: 20_000 });
  const r = read(merged);
  assert.equal(m.code, r.exit_code, m.stderr);
  assert.deepEqual([...shards, r].flatMap(validateResult), [], 'shard and merged results fit the schema');
  assert.deepEqual(r.shards, { plan: shards[0].shard!.plan, count: SHARDS, merged: [1, 2, 3], missing: [], total_sessions: SESSIONS, start_at: shards[0].shard!.start_at });
  // The server's own counters.
  assert.equal(r.counts.sessions_started, totals.sessionsCreated);
  assert.equal(r.counts.sessions_deleted, totals.sessionsRemoved);
  assert.equal(r.counts.sessions_started, SESSIONS);
  assert.equal(r.counts.chunks_sent, totals.chunksProcessed, 'every chunk sent was processed by the server, none more');
  assert.equal(r.counts.chunks_acked, totals.chunksProcessed);
  assert.ok(r.counts.chunks_due >= SESSIONS * 19 && r.counts.chunks_due <= SESSIONS * 21, `7 sessions × 2 s of 100 ms chunks: ${r.counts.chunks_due}`);
  // Exact: the merged histogram holds every shard's samples.
  const sum = (f: (x: Result) => number) => shards.reduce((a, s) => a + f(s), 0);
  assert.equal(r.metrics.chunk_rtt_ms.count, sum((s) => s.metrics.chunk_rtt_ms.count));
  assert.equal(r.metrics.chunk_rtt_ms.count, r.counts.chunks_acked);
  assert.equal(r.scenario.sessions, SESSIONS);
  assert.equal(r.thresholds.length, shards[0].thresholds.length, 'judged again on the merged numbers');
});

test('merge refuses (exit 2, naming the file) missing, duplicate and foreign shards; --allow-partial says what is missing', async () => {
  await shardsOnce();
  const missing = await runCli(['merge', files[0], files[1], '--quiet']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /shard 3 of 3 missing \(got 1, 2\); pass every shard's result, or --allow-partial/);
  const twice = await runCli(['merge', files[0], files[1], files[1], files[2], '--quiet']);
  assert.equal(twice.code, 2);
  assert.match(twice.stderr, /shard-2\.json and .*shard-2\.json are both shard 2\/3/);
  const foreign = join(dir, 'foreign-3.json');
  const other = read(files[2]);
  writeFileSync(foreign, JSON.stringify({ ...other, shard: { ...other.shard, plan: '0123456789abcdef', total_sessions: 9 } }));
  const mixed = await runCli(['merge', files[0], files[1], foreign, '--quiet']);
  assert.equal(mixed.code, 2);
  assert.match(mixed.stderr, /foreign-3\.json is shard 3\/3 of plan 0123456789abcdef, not of plan [0-9a-f]{16} like .*shard-1\.json; they differ in total sessions: 7 → 9/);
  const partialOut = join(dir, 'partial.json');
  const partial = await runCli(['merge', files[0], files[2], '--allow-partial', '--out', partialOut]);
  assert.notEqual(partial.code, 2, partial.stderr);
  assert.match(partial.stdout, /partial merge \(--allow-partial\): shard 2 of 3 missing \(got 1, 3\); the merged result covers 5 of the plan's 7 sessions/);
  assert.deepEqual(read(partialOut).shards?.missing, [2]);
  assert.match(partial.stdout, /shards 1, 3 of 3 merged \(plan [0-9a-f]{16}, schedule started at .*\); MISSING 2/);
  const one = await runCli(['report', files[1], '--no-color']);
  assert.match(one.stdout, /shard 2\/3 of a 7-session plan \(plan [0-9a-f]{16}, schedule started at /);
});

test('--start-at in the past is a usage error naming the skew; Ctrl-C during the wait exits 130 with nothing created', async () => {
  const past = await runCli(['sustained', '-t', 'http://127.0.0.1:9', '--start-at', new Date(Date.now() - 5000).toISOString(), '--quiet']);
  assert.equal(past.code, 2);
  assert.match(past.stderr, /--start-at: .* is \d+\.\d s in the past by this machine's clock .*clock skew/);
  const server = await startServer({ port: 0 });
  try {
    const args = ['sustained', '-t', server.url, '--sessions', '2', '--shard', '1/2', '--start-at', String(Date.now() + 60_000)];
    const r = await runCli(args, {
      timeoutMs: 20_000,
      onStart: (c) => c.stderr?.on('data', (d: Buffer) => {
        if (/schedule starts at/.test(String(d))) c.kill('SIGINT');
      }),
    });
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /shard 1\/2 of 2 sessions: schedule starts at .*Ctrl-C to cancel/);
    assert.equal(server.totals().sessionsCreated, 0);
  } finally {
    await server.close();
  }
});
