/**
 * A worker that dies mid-run (uncaught error, non-zero exit, or a hang) is an error of the run:
 * named in the result, exit 4, the others stopped, and every session deleted — the dead worker's
 * by the main thread, from the ids it was sent as each session was created. Counted by the
 * reference server itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { startServer } from '../../src/server/index.js';
import { prepare } from '../../src/spine/runner.js';
import { sustainedSpec } from '../../src/commands/sustained/spec.js';
import { judge } from '../../src/commands/sustained/run.js';
import { runInWorkers } from '../../src/workers/pool.js';
import type { CrashPlan } from '../helpers/crash-worker.js';

const ENTRY = new URL('../helpers/crash-worker.js', import.meta.url);

async function crashRun(mode: CrashPlan['mode']) {
  const server = await startServer({ host: '127.0.0.1', port: 0 });
  try {
    const flags = { target: server.url, sessions: 4, duration: '60s', workers: 2, 'chunk-timeout': '500ms', 'max-lag': '2s', profile: 'smoke' };
    const s = prepare(sustainedSpec, flags, [], resolve('.')).plan;
    const target = { url: server.url, embedded: false };
    const t = Date.now();
    const o = await runInWorkers(s, target, Date.now(), undefined, { entry: { url: ENTRY, data: { mode, victim: 1 } satisfies CrashPlan }, unresponsiveMs: 2000 });
    const elapsedMs = Date.now() - t;
    return { result: judge(s, target, o), totals: server.totals(), alive: server.sessionCount(), elapsedMs };
  } finally {
    await server.close();
  }
}

for (const [mode, cause] of [['throw', /worker 2 crashed: injected crash/], ['exit', /worker 2 exited with code 7/], ['hang', /worker 2 stopped answering/]] as const) {
  test(`a worker that ${mode === 'throw' ? 'throws' : mode === 'exit' ? 'exits non-zero' : 'hangs'}: run invalid (exit 4) naming it, others stopped, every session deleted`, async () => {
    const { result: r, totals, alive, elapsedMs } = await crashRun(mode);
    assert.equal(totals.sessionsCreated, 4);
    assert.equal(totals.sessionsRemoved, totals.sessionsCreated, 'created = deleted on the server');
    assert.equal(alive, 0);
    assert.ok(elapsedMs < 30_000, `ended long before the 60 s duration (${elapsedMs} ms)`);
    assert.equal(r.exit_code, 4, r.verdict_reason);
    assert.equal(r.verdict, 'invalid');
    assert.match(r.verdict_reason, cause);
    assert.match(r.verdict_reason, /the main thread deleted its 2 sessions/);
    assert.equal(r.workers?.[0].crashed, null);
    assert.match(r.workers?.[1].crashed ?? '', cause);
    assert.ok(r.workers![0].chunks_acked > 0, 'the surviving worker streamed and reported');
    assert.equal(r.counts.sessions_started, 2, "the survivor's sessions are in the merged figures");
    assert.doesNotMatch(r.warnings.join('\n'), /--abort-on-fail/);
  });
}
