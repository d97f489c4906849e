/** --workers: sessions split over threads on the global schedule, merged exactly; Ctrl-C stops them all. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sustained } from '../../src/index.js';
import { workerSlices } from '../../src/workers/pool.js';
import { strideSlice, wholeSlice } from '../../src/load/schedule.js';
import { startFakeServer } from '../helpers/fake-server.js';

test('worker slices keep global indices, of the whole plan or of a shard', () => {
  assert.deepEqual(workerSlices(wholeSlice(5), 2).map((s) => s.indices), [[0, 2, 4], [1, 3]]);
  assert.deepEqual(workerSlices(strideSlice(10, 1, 3), 2).map((s) => s.indices), [[1, 7], [4]]);
  assert.ok(workerSlices(wholeSlice(5), 2).every((s) => s.total === 5));
});

test('two workers: one merged result, exact counts and histograms, per-worker section, every session deleted', async () => {
  const server = await startFakeServer();
  try {
    const r = await sustained({ target: server.url, sessions: 6, duration: 1500, workers: 2, chunkTimeout: '500ms', maxLag: '2s', profile: 'smoke' });
    assert.equal(r.exit_code, 0, r.verdict_reason);
    assert.equal(r.workers?.length, 2);
    assert.deepEqual(r.workers?.map((w) => w.sessions), [3, 3]);
    assert.equal(r.workers?.reduce((a, w) => a + w.chunks_acked, 0), r.counts.chunks_acked);
    assert.equal(r.metrics.chunk_rtt_ms.count, r.counts.chunks_acked, 'histograms added, not averaged');
    assert.equal(r.timeline.reduce((a, p) => a + p.chunks_acked, 0), r.counts.chunks_acked);
    assert.equal(r.counts.chunks_acked, r.counts.chunks_due);
    assert.ok(r.counts.chunks_due >= 6 * 14, `due ${r.counts.chunks_due}`);
    assert.equal(r.counts.sessions_started, 6);
    assert.equal(server.created.size, 6);
    assert.equal(server.deleted.size, 6);
    assert.ok(r.worst_session && r.worst_session.index >= 0 && r.worst_session.index < 6);
  } finally {
    await server.close();
  }
});

test('an abort stops every worker: interrupted, every session deleted', async () => {
  const server = await startFakeServer();
  try {
    const ac = new AbortController();
    const run = sustained({ target: server.url, sessions: 4, duration: 60_000, workers: 2, chunkTimeout: '500ms', maxLag: '2s', profile: 'smoke' }, { signal: ac.signal });
    const deadline = Date.now() + 20_000;
    while (server.chunks < 8 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const t = Date.now();
    ac.abort();
    const r = await run;
    assert.equal(r.verdict, 'interrupted');
    assert.equal(r.exit_code, 130);
    assert.ok(Date.now() - t < 10_000);
    assert.equal(server.created.size, 4);
    assert.equal(server.deleted.size, 4);
  } finally {
    await server.close();
  }
});

test('--abort-on-fail across workers: the merged live figures stop every worker early', async () => {
  const server = await startFakeServer({ error: true });
  try {
    const t = Date.now();
    const r = await sustained({
      target: server.url, sessions: 4, duration: 60_000, workers: 2, chunkTimeout: '500ms', maxLag: '2s',
      profile: 'smoke', abortOnFail: true, thresholds: ['error_rate: rate < 0.01'],
    });
    assert.ok(Date.now() - t < 30_000, 'stopped long before the 60 s duration');
    assert.equal(r.exit_code, 1);
    assert.match(r.warnings.join('\n'), /stopped early \(--abort-on-fail\): error_rate/);
    assert.equal(r.workers?.length, 2);
    assert.equal(server.deleted.size, 4);
  } finally {
    await server.close();
  }
});
