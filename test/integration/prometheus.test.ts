/**
 * `--out prometheus=URL` against a real Prometheus (test/helpers/prometheus.ts): the pushed
 * series are queryable through its HTTP API with the right names, labels and values, and a push
 * that fails is counted and warned, never thrown. Skipped, saying why, without Prometheus.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PrometheusPush } from '../../src/output/prometheus.js';
import { prometheusMissing, startPrometheus, type TestPrometheus } from '../helpers/prometheus.js';

const skip = prometheusMissing;
let prom: TestPrometheus | undefined;

before(async () => {
  if (!skip) prom = await startPrometheus();
});
after(async () => {
  await prom?.close();
});

test('pushed live metrics are in Prometheus: counters, histogram buckets, interval quantiles, labels', { skip, timeout: 60_000 }, async () => {
  const warnings: string[] = [];
  const push = new PrometheusPush({ url: prom!.writeUrl, labels: { job: 'pipebench', run_id: 'unit-1', command: 'sustained', target: 'http://x', branch: 'main' }, intervalMs: 100, warn: (w) => warnings.push(w) });
  const m = push.metrics;
  m.clockStarted(0, 0, 10_000);
  m.socketOpened();
  push.start();
  for (let i = 0; i < 50; i++) {
    m.chunkSent(0, i, i * 100, i * 100 + 1);
    m.chunkAcked(0, i, i * 100, i * 100 + 10 + (i % 10));
  }
  m.chunkLost(0, 50, 5000, 'timeout', 'no reply');
  assert.deepEqual(await push.finish(), []);
  assert.deepEqual(warnings, []);
  const one = async (q: string) => {
    const r = await prom!.query(q);
    assert.equal(r.length, 1, `${q}: ${JSON.stringify(r)}`);
    return r[0];
  };
  const acked = await one('pipebench_chunks_acked_total{run_id="unit-1"}');
  assert.equal(acked.value, 50);
  assert.deepEqual(acked.labels, { __name__: 'pipebench_chunks_acked_total', job: 'pipebench', run_id: 'unit-1', command: 'sustained', target: 'http://x', branch: 'main' });
  assert.equal((await one('pipebench_chunks_lost_total{run_id="unit-1"}')).value, 1);
  assert.equal((await one('pipebench_errors_total{run_id="unit-1",kind="timeout"}')).value, 1);
  assert.equal((await one('pipebench_chunk_rtt_ms_bucket{run_id="unit-1",le="25"}')).value, 50);
  assert.equal((await one('pipebench_chunk_rtt_ms_count{run_id="unit-1"}')).value, 50);
  const p99 = (await one('pipebench_chunk_rtt_ms{run_id="unit-1",quantile="0.99"}')).value;
  assert.ok(p99 >= 18.9 && p99 <= 19.1, `interval p99 ${p99}`);
  // PromQL over the histogram: all 50 round trips are 10..19 ms, so its median is inside the (10, 25] bucket.
  const median = (await one('histogram_quantile(0.5, pipebench_chunk_rtt_ms_bucket{run_id="unit-1"})')).value;
  assert.ok(median > 10 && median <= 25, String(median));
});

test('a push that fails is counted and warned once, and never thrown', { timeout: 30_000 }, async () => {
  const warnings: string[] = [];
  // Port 9 on loopback (discard) is closed here: the connection is refused.
  const push = new PrometheusPush({ url: 'http://127.0.0.1:9/api/v1/write', labels: { run_id: 'x' }, intervalMs: 50, warn: (w) => warnings.push(w) });
  push.metrics.clockStarted(0, 0, 1000);
  push.start();
  await new Promise<void>((resolve) => {
    // Wait for the first failure to be reported (bounded by the test timeout).
    const check = setInterval(() => warnings.length && (clearInterval(check), resolve()), 20);
  });
  const result = await push.finish();
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /--out prometheus: a push to http:\/\/127\.0\.0\.1:9\/api\/v1\/write failed \(ECONNREFUSED\); the run goes on/);
  assert.match(result[0], /^--out prometheus: (\d+) of \1 pushes to http:\/\/127\.0\.0\.1:9\/api\/v1\/write failed \(last: ECONNREFUSED\)/);
});
