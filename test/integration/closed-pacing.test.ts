/**
 * Closed pacing (load/closed.ts) over real sockets: against a purpose-built server that holds,
 * withholds or delays chunk replies (and tags each reply with its chunk), and against the
 * reference server. The load events are logged as they happen, so the assertions are about order
 * and identity (which chunk went when, which reply was matched to which chunk), not about timing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunPlan } from '../../src/load/plan.js';
import type { LoadSink } from '../../src/load/sink.js';
import { runSustained } from '../../src/measure/run.js';
import { startServer } from '../../src/server/index.js';
import { latencyPlan, latencyRunPlan } from '../../src/commands/latency/run.js';
import { startPacedServer } from '../helpers/paced-server.js';
import { testPlan } from '../helpers/plan.js';
import { abortWhen } from '../helpers/wait.js';

interface Events {
  t0: number;
  sent: Map<number, number>;
  acked: Map<number, { from: number; at: number; tag: number | null }>;
  lost: Map<number, { from: number; kind: string }>;
  late: number[];
}

/** A sink that keeps what closed pacing did, per chunk (one session). */
function eventLog(): { sink: LoadSink; e: Events } {
  const e: Events = { t0: NaN, sent: new Map(), acked: new Map(), lost: new Map(), late: [] };
  const on: Partial<LoadSink> = {
    clockStarted: (t0) => (e.t0 = t0),
    chunkSent: (_s, seq, _due, now) => e.sent.set(seq, now),
    chunkAcked: (_s, seq, due, now, tag) => e.acked.set(seq, { from: due, at: now, tag }),
    chunkLost: (_s, seq, due, kind) => e.lost.set(seq, { from: due, kind }),
    lateReply: (_s, seq) => e.late.push(seq),
  };
  const sink = new Proxy(on, { get: (o, k) => (o as Record<string | symbol, unknown>)[k] ?? (() => {}) }) as LoadSink;
  return { sink, e };
}

const closed = (url: string, chunks: number, over: Partial<RunPlan> = {}): RunPlan =>
  testPlan(url, { pacing: 'closed', sessions: 1, chunkMs: 20, durationMs: chunks * 20, reconnect: false, ...over });

async function against(replyMs: (k: number) => number | null | 'next', chunks: number, over: Partial<RunPlan> = {}) {
  const server = await startPacedServer(replyMs);
  try {
    const { sink, e } = eventLog();
    const outcome = await runSustained(closed(server.url, chunks, over), { sinks: [sink] });
    return { outcome, e, log: [...server.log], created: [...server.created], deleted: [...server.deleted] };
  } finally {
    await server.close();
  }
}

test('closed: the next chunk waits for the reply, goes no earlier than its slot, and is timed from its send', async () => {
  const { outcome, e, log, created, deleted } = await against(() => 120, 5, { chunkTimeoutMs: 5000 });
  assert.deepEqual(log, ['in 0', 'out 0', 'in 1', 'out 1', 'in 2', 'out 2', 'in 3', 'out 3', 'in 4', 'out 4']);
  const c = outcome.summary.counts;
  assert.equal(c.chunks_acked, 5);
  assert.equal(c.chunks_lost, 0);
  for (let seq = 0; seq < 5; seq++) {
    const sent = e.sent.get(seq)!;
    const acked = e.acked.get(seq)!;
    assert.ok(sent >= e.t0 + seq * 20, `chunk ${seq} sent before its slot`);
    assert.equal(acked.from, sent, `chunk ${seq}: round trip from its send`);
    assert.equal(acked.tag, seq, `chunk ${seq} matched to reply ${acked.tag}`);
    if (seq > 0) assert.ok(sent >= e.acked.get(seq - 1)!.at, `chunk ${seq} sent before the previous reply`);
  }
  assert.ok(outcome.summary.metrics.chunk_rtt_ms.min >= 119, `min ${outcome.summary.metrics.chunk_rtt_ms.min}`);
  assert.deepEqual(deleted, created);
});

test('closed: a missing reply is an error (timeout) and a round trip of the timeout; the next chunk waits that long', async () => {
  const { outcome, e, deleted, created } = await against((k) => (k === 1 ? null : 0), 4, { chunkTimeoutMs: 1000 });
  const c = outcome.summary.counts;
  assert.equal(c.chunks_acked, 3);
  assert.equal(c.chunks_lost, 1);
  assert.deepEqual(e.lost.get(1), { from: e.sent.get(1), kind: 'timeout' });
  assert.ok(e.sent.get(2)! >= e.sent.get(1)! + 1000, 'chunk 2 went before chunk 1 timed out');
  const rtt = outcome.summary.metrics.chunk_rtt_ms;
  assert.equal(rtt.count, 4);
  assert.ok(Math.abs(rtt.max - 1000) < 1, `max ${rtt.max}`);
  assert.equal(outcome.summary.errors.find((x) => x.kind === 'timeout')?.count, 1);
  for (const seq of [0, 2, 3]) assert.equal(e.acked.get(seq)?.tag, seq, `chunk ${seq}`);
  assert.deepEqual(deleted, created);
});

test('closed: a late reply is consumed, later chunks stay matched to their own replies', async () => {
  // Chunk 1's reply comes only once chunk 2 has arrived, i.e. after the client gave chunk 1 up.
  const { outcome, e, log } = await against((k) => (k === 1 ? 'next' : 0), 4, { chunkTimeoutMs: 300 });
  const c = outcome.summary.counts;
  assert.deepEqual(log, ['in 0', 'out 0', 'in 1', 'in 2', 'out 1', 'out 2', 'in 3', 'out 3']);
  assert.equal(e.lost.get(1)?.kind, 'timeout');
  assert.deepEqual(e.late, [1]);
  assert.equal(c.chunks_late, 1);
  assert.equal(c.sequence_anomalies, 0);
  assert.deepEqual([...e.acked.keys()].sort(), [0, 2, 3]);
  for (const [seq, a] of e.acked) assert.equal(a.tag, seq, `chunk ${seq} matched to reply ${a.tag}`);
});

test('closed: Ctrl-C (AbortSignal) with a chunk in flight still deletes the session', async () => {
  const server = await startPacedServer(() => 10_000);
  try {
    const ac = new AbortController();
    const stop = abortWhen(ac, () => server.log.includes('in 0'), 'the first chunk');
    const outcome = await runSustained(closed(server.url, 50, { chunkTimeoutMs: 5000 }), { signal: ac.signal });
    await stop;
    assert.equal(outcome.interrupted, true);
    assert.equal(outcome.summary.counts.chunks_sent, 1);
    assert.equal(server.created.size, 1);
    assert.deepEqual([...server.deleted], [...server.created]);
  } finally {
    await server.close();
  }
});

test('closed against the reference server: every chunk acked in order, timed from its send, session deleted', async () => {
  const server = await startServer({ host: '127.0.0.1', port: 0 });
  try {
    const { sink, e } = eventLog();
    const plan = latencyRunPlan(latencyPlan({ target: server.url, chunks: 10, chunkMs: 20 }));
    assert.equal(plan.pacing, 'closed');
    const outcome = await runSustained(plan, { sinks: [sink] });
    const c = outcome.summary.counts;
    assert.equal(outcome.unusable, null);
    assert.equal(c.chunks_acked, 10);
    assert.equal(c.sequence_anomalies, 0);
    for (let seq = 0; seq < 10; seq++) {
      assert.ok(e.sent.get(seq)! >= e.t0 + seq * 20, `chunk ${seq} sent before its slot`);
      assert.equal(e.acked.get(seq)?.from, e.sent.get(seq));
      if (seq > 0) assert.ok(e.sent.get(seq)! >= e.acked.get(seq - 1)!.at);
    }
    assert.equal(server.totals().chunksProcessed, 10);
    assert.equal(server.sessionCount(), 0);
  } finally {
    await server.close();
  }
});
