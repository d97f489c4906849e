/** The load loop against purpose-built servers over real sockets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { runSustained } from '../../src/measure/run.js';
import type { RunPlan } from '../../src/load/plan.js';
import { updateStageFrame } from '../../src/load/protocol.js';
import { startFakeServer, type FakeBehaviour } from '../helpers/fake-server.js';
import { testPlan } from '../helpers/plan.js';
import { until } from '../helpers/wait.js';

const plan = testPlan;

async function against(b: FakeBehaviour, over: Partial<RunPlan> = {}, signal?: AbortSignal) {
  const server = await startFakeServer(b);
  try {
    const t = performance.now();
    const outcome = await runSustained(plan(server.url, over), { signal });
    return { outcome, server, wallMs: performance.now() - t };
  } finally {
    await server.close();
  }
}

test('correct server: every chunk due is sent and acked, sessions deleted', async () => {
  const { outcome, server } = await against({});
  const c = outcome.summary.counts;
  assert.equal(outcome.unusable, null);
  assert.equal(c.chunks_due, 45, '3 sessions × 1.5 s of 100 ms chunks');
  assert.equal(c.chunks_acked, c.chunks_due);
  assert.equal(c.chunks_sent, c.chunks_due);
  assert.equal(c.sequence_anomalies, 0);
  assert.equal(c.sessions_started, 3);
  assert.equal(server.created.size, 3);
  assert.deepEqual([...server.deleted].sort(), [...server.created].sort());
  assert.equal(outcome.summary.rates.success_rate, 1);
  assert.equal(outcome.summary.metrics.first_audio_ms.count, c.chunks_acked);
  assert.equal(outcome.summary.metrics.server_latency_ms.avg, 0.5);
  assert.ok(outcome.summary.timeline.length >= 1);
});

test('the last chunk of every session is due, even in the last millisecond of the run', async () => {
  // 20 sessions of 10 ms chunks: phase offsets 0, 0.5, … 9.5 ms, so the latest sessions' last chunks
  // fall in the run's final millisecond, where the end of the run and the send timer race.
  for (let round = 0; round < 3; round++) {
    const { outcome } = await against({}, { sessions: 20, chunkMs: 10, durationMs: 300 });
    const c = outcome.summary.counts;
    assert.equal(c.chunks_due, 600, `round ${round}: 20 sessions × 30 chunks`);
    assert.equal(c.chunks_sent, 600);
  }
});

test('fixed reply delay D: measured p50 lands a few ms above D', async () => {
  const { outcome } = await against({ delayMs: 80 });
  const m = outcome.summary.metrics.chunk_rtt_ms;
  assert.ok(m.p50 >= 80 && m.p50 <= 95, `p50 ${m.p50}`);
  assert.equal(outcome.summary.counts.chunks_acked, outcome.summary.counts.chunks_due);
});

test('silent server: chunks lost by timeout, run ends on time, sessions deleted', async () => {
  const { outcome, server, wallMs } = await against({ silent: true }, { chunkTimeoutMs: 300 });
  const c = outcome.summary.counts;
  assert.equal(c.chunks_acked, 0);
  assert.equal(c.chunks_lost, c.chunks_due);
  assert.ok(c.chunks_due > 40);
  assert.ok(wallMs < 1500 + 300 + 1500, `took ${wallMs} ms`);
  assert.equal(server.deleted.size, 3);
  assert.equal(outcome.summary.errors[0].kind, 'timeout');
});

test('error replies: chunks failed, counted by kind with a sample', async () => {
  const { outcome } = await against({ error: true });
  const c = outcome.summary.counts;
  assert.equal(c.chunks_failed, c.chunks_due);
  assert.equal(outcome.summary.rates.error_rate, 1);
  const e = outcome.summary.errors.find((x) => x.kind === 'Chunk processing failed');
  assert.equal(e?.count, c.chunks_due);
  assert.match(e?.sample ?? '', /test fault/);
});

test('dropped sockets: counted, pending chunks lost, session reconnects and continues', async () => {
  const { outcome, server } = await against({ dropAfter: 5, delayMs: 150 }, { sessions: 1, durationMs: 2500 });
  const c = outcome.summary.counts;
  assert.ok(c.sessions_dropped >= 1, `dropped ${c.sessions_dropped}`);
  assert.ok(c.sessions_reconnected >= 1, `reconnected ${c.sessions_reconnected}`);
  assert.ok(c.chunks_lost > 0);
  assert.ok(c.chunks_acked > 5, 'streaming continued after reconnecting');
  assert.equal(c.chunks_acked + c.chunks_failed + c.chunks_lost, c.chunks_due);
  assert.equal(server.deleted.size, 1);
});

test('no reconnect: a dropped session stays down and its chunks count as unsent', async () => {
  const { outcome } = await against({ dropAfter: 3 }, { sessions: 1, reconnect: false });
  const c = outcome.summary.counts;
  assert.equal(c.sessions_reconnected, 0);
  assert.ok(c.chunks_unsent > 5);
  assert.equal(c.chunks_acked + c.chunks_lost, c.chunks_due);
});

test('garbage replies are counted, never crash the run', async () => {
  const { outcome } = await against({ garbage: true }, { chunkTimeoutMs: 200 });
  assert.ok(outcome.summary.errors.some((e) => e.kind === 'unparseable reply'));
  assert.equal(outcome.summary.counts.chunks_acked, 0);
});

test('500 on create: the target is unusable', async () => {
  const { outcome } = await against({ createStatus: 500 });
  assert.match(outcome.unusable ?? '', /no session could be created/);
  assert.equal(outcome.summary.counts.sessions_failed, 3);
  assert.match(outcome.summary.errors[0].kind, /HTTP 500/);
});

test('unreachable target: reported, not thrown', async () => {
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const outcome = await runSustained(plan(`http://127.0.0.1:${port}`));
  assert.match(outcome.unusable ?? '', /unreachable/);
});

test('abort mid-run: stops early, interrupted, sessions deleted', async () => {
  const server = await startFakeServer();
  try {
    const ac = new AbortController();
    // Abort once 15 chunks have arrived (half a second of 3 sessions), however slow the setup.
    void until(() => server.chunks >= 15, 10_000, '15 chunks').then(() => ac.abort());
    const t = performance.now();
    const outcome = await runSustained(plan(server.url, { durationMs: 10_000 }), { signal: ac.signal });
    const wallMs = performance.now() - t;
    assert.equal(outcome.interrupted, true);
    assert.ok(wallMs < 5000, `took ${wallMs} ms of a 10 s run`);
    assert.equal(server.deleted.size, 3);
    assert.ok(outcome.summary.counts.chunks_acked > 10);
  } finally {
    await server.close();
  }
});

test('warmup is excluded from the statistics', async () => {
  const { outcome } = await against({}, { sessions: 1, warmupMs: 500, durationMs: 1000 });
  const c = outcome.summary.counts;
  assert.ok(c.chunks_due >= 9 && c.chunks_due <= 10, `due ${c.chunks_due}`);
  assert.ok(Math.abs(outcome.summary.measured_s - 1) < 0.01);
});

const updates = { updateEveryMs: 300, pingEveryMs: 400, updateFrames: [updateStageFrame('noise_reduction', { strength: 0.2 })] };

test('live updates and pings interleave with chunks; every reply is matched to its request', async () => {
  const { outcome } = await against({ delayMs: 20 }, { sessions: 2, ...updates });
  const c = outcome.summary.counts;
  assert.ok(c.updates_sent >= 8, `updates ${c.updates_sent}`);
  assert.equal(c.updates_acked, c.updates_sent);
  assert.ok(c.pings_sent >= 6);
  assert.equal(c.pings_acked, c.pings_sent);
  assert.equal(c.chunks_acked, c.chunks_due);
  assert.equal(c.sequence_anomalies, 0);
  assert.ok(outcome.summary.metrics.update_rtt_ms.p50 >= 20);
  assert.equal(outcome.summary.metrics.ping_rtt_ms.count, c.pings_acked);
  assert.deepEqual(outcome.summary.errors, []);
});

test('failing updates are told apart from failing chunks by their place in the FIFO', async () => {
  const { outcome } = await against({ failUpdates: true }, { sessions: 2, ...updates });
  const c = outcome.summary.counts;
  assert.ok(c.updates_failed >= 8);
  assert.equal(c.updates_acked, 0);
  assert.equal(c.chunks_failed, 0);
  assert.equal(c.chunks_acked, c.chunks_due);
  assert.equal(c.pings_acked, c.pings_sent);
  assert.ok(outcome.summary.errors.some((e) => e.kind === 'update: Config update failed'));
});

test('a slice of the global plan runs only its sessions, named by global index', async () => {
  const asked: number[] = [];
  const slice = { total: 6, indices: [1, 4] };
  const { outcome, server } = await against({}, {
    sessions: 6, slice, durationMs: 1000, createPayload: (i) => (asked.push(i), { pipeline_config: { stages: {} } }),
  });
  const c = outcome.summary.counts;
  assert.deepEqual(asked.sort(), [1, 4]);
  assert.equal(c.sessions_started, 2);
  assert.equal(server.created.size, 2);
  assert.equal(server.chunks, c.chunks_sent);
  assert.ok(c.chunks_due >= 19 && c.chunks_due <= 21, `2 sessions × 10 chunks due, got ${c.chunks_due}`);
  assert.equal(c.chunks_acked, c.chunks_due);
  assert.ok(outcome.summary.worst_session && [1, 4].includes(outcome.summary.worst_session.index), 'worst session named by global index');
});
