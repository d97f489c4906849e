/** `latency()` against fake servers with known behaviour: delay, silence, late replies, errors, absence. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latency } from '../../src/commands/latency/run.js';
import { loadProfile } from '../../src/profile.js';
import { startFakeServer } from '../helpers/fake-server.js';
import { until } from '../helpers/wait.js';

// Generator health is not the subject of these verdict tests (a busy machine would make them
// invalid, exit 4); it is relaxed here and tested where it is the subject.
const CALM = { maxLagMs: 1000 };

const profile = loadProfile('latency', process.cwd()).profile!;

test('a known delay: p50 of chunk_rtt_ms ≈ the delay, every chunk acked, session deleted, profile passes', async () => {
  const server = await startFakeServer({ delayMs: 50 });
  try {
    const r = await latency({ target: server.url, chunks: 8, thresholds: profile.thresholds, ...CALM });
    const rtt = r.metrics.chunk_rtt_ms;
    assert.equal(rtt.count, 8);
    // The lower bound is exact (the server waits 50 ms); the upper one allows a loaded machine's scheduling.
    assert.ok(rtt.p50 >= 50 && rtt.p50 < 100, `p50 ${rtt.p50}`);
    assert.ok(rtt.min >= 50);
    assert.equal(r.metrics.server_latency_ms.count, 8);
    assert.equal(r.metrics.server_latency_ms.p50, 0.5);
    assert.equal(r.counts.chunks_acked, 8);
    assert.equal(r.counts.sequence_anomalies, 0);
    assert.equal(r.command, 'latency');
    assert.equal(r.verdict, 'pass');
    assert.equal(r.exit_code, 0);
    assert.equal(server.deleted.size, 1);
  } finally {
    await server.close();
  }
});

test('a silent server: every chunk times out, counted as an error and at the timeout value; exit 1', async () => {
  const server = await startFakeServer({ silent: true });
  try {
    const r = await latency({ target: server.url, chunks: 3, chunkTimeoutMs: 200, thresholds: profile.thresholds, ...CALM });
    assert.equal(r.metrics.chunk_rtt_ms.count, 3);
    assert.ok(Math.abs(r.metrics.chunk_rtt_ms.p50 - 200) < 1, `p50 ${r.metrics.chunk_rtt_ms.p50}`);
    assert.equal(r.counts.chunks_lost, 3);
    assert.equal(r.rates.error_rate, 1);
    assert.deepEqual(r.errors.map((e) => [e.kind, e.count]), [['timeout', 3]]);
    assert.equal(r.verdict, 'fail');
    assert.equal(r.exit_code, 1);
    assert.deepEqual(r.thresholds.map((t) => [t.expression, t.passed]), [['avg < 150', false], ['p(95) < 300', true], ['rate < 0.05', false], ['count == 0', true]]);
    assert.equal(server.deleted.size, 1);
  } finally {
    await server.close();
  }
});

test('late replies are consumed in order, never matched to the next chunk', async () => {
  const server = await startFakeServer({ delayMs: 250 });
  try {
    const r = await latency({ target: server.url, chunks: 3, chunkTimeoutMs: 150 });
    assert.equal(r.counts.chunks_acked, 0);
    assert.equal(r.counts.chunks_lost, 3);
    assert.ok(r.counts.chunks_late >= 1, `late ${r.counts.chunks_late}`);
    assert.equal(r.counts.sequence_anomalies, 0);
  } finally {
    await server.close();
  }
});

test('error replies count as failed chunks; a target refusing sessions or absent is unusable (exit 3)', async () => {
  const failing = await startFakeServer({ error: true });
  const refusing = await startFakeServer({ createStatus: 500 });
  try {
    const e = await latency({ target: failing.url, chunks: 2, chunkMs: 10 });
    assert.equal(e.counts.chunks_failed, 2);
    assert.equal(e.metrics.chunk_rtt_ms.count, 0);
    assert.match(e.errors[0].sample, /test fault/);
    const refused = await latency({ target: refusing.url, chunks: 2 });
    assert.equal(refused.exit_code, 3);
    assert.match(refused.verdict_reason, /HTTP 500/);
    const absent = await latency({ target: 'http://127.0.0.1:9', chunks: 2 });
    assert.equal(absent.verdict, 'unusable');
    assert.match(absent.verdict_reason, /unreachable/);
  } finally {
    await failing.close();
    await refusing.close();
  }
});

test('abort: interrupted (130), the chunk in flight lost, the session deleted', async () => {
  const server = await startFakeServer({ delayMs: 100 });
  try {
    const ac = new AbortController();
    // Abort once a chunk is in flight (the server holds it 100 ms), however slow the start.
    void until(() => server.chunks > 0, 10_000, 'the first chunk').then(() => ac.abort());
    const r = await latency({ target: server.url, chunks: 50 }, { signal: ac.signal });
    assert.equal(r.exit_code, 130);
    assert.ok(r.counts.chunks_sent < 50);
    assert.equal(server.deleted.size, 1);
  } finally {
    await server.close();
  }
});
