/** merge: exact histogram addition, summed counts, recomputed rates, wall-clock timelines, errors by kind. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeSummaries, ratesFromCounts } from '../../src/merge/merge.js';
import { mergeTimelines, startOffsetsS } from '../../src/merge/timeline.js';
import { inputThresholds, mergedResult } from '../../src/merge/result.js';
import { decideVerdict } from '../../src/evaluate/verdict.js';
import type { Result } from '../../src/report/result.js';
import { percentileFromHdr } from '../../src/evaluate/hdr.js';
import { addEncoded, summarize } from '../../src/measure/histogram.js';
import { latencies, makeResult } from './report-fixture.test.js';

const pass = decideVerdict({ thresholds: [], generator: { healthy: true }, interrupted: false, sessionsStarted: 1 });

/** The numbers of a result: histogram encodings may differ byte for byte (they are compared decoded, by their percentiles). */
function numbers(r: Result) {
  const { metrics, counts, rates, errors, worst_session, timeline, measured_s, generator } = r;
  const plain = Object.fromEntries(Object.entries(metrics).map(([k, { hdr, ...m }]) => [k, { ...m, decoded: percentiles(hdr) }]));
  return { metrics: plain, counts, rates, errors, worst_session, timeline, measured_s, generator };
}

const percentiles = (hdr: string) => [0, 50, 90, 99, 99.9, 100].map((p) => percentileFromHdr(hdr, p === 0 ? 0.0001 : p));

test('merging one result gives back the same numbers', () => {
  const r = makeResult({ rtt: latencies(2000, 35, 11), seconds: 8, errors: [{ kind: 'timeout', count: 3 }] });
  const { summary, problems } = mergeSummaries([r]);
  assert.deepEqual(problems, []);
  const merged = mergedResult([r], summary, { thresholds: [], verdict: pass, generatorHealthy: true });
  assert.deepEqual(numbers(merged), numbers(r));
  assert.equal(merged.scenario.sessions, r.scenario.sessions);
});

test('merging two runs: histograms added exactly, counts summed, rates from counts', () => {
  const a = makeResult({ rtt: latencies(3000, 30, 1), seconds: 10, sessions: 4 });
  const b = makeResult({ rtt: latencies(1000, 90, 2), seconds: 10, sessions: 2, startedAt: '2026-01-02T03:04:07.400Z' });
  const both = makeResult({ rtt: [...latencies(3000, 30, 1), ...latencies(1000, 90, 2)], seconds: 10 });
  const { summary } = mergeSummaries([a, b]);
  for (const k of ['count', 'min', 'p50', 'p90', 'p95', 'p99', 'p999', 'max'] as const) {
    assert.equal(summary.metrics.chunk_rtt_ms[k], both.metrics.chunk_rtt_ms[k], k);
  }
  assert.equal(summary.counts.chunks_acked, 4000);
  assert.equal(summary.counts.sessions_started, 6);
  assert.deepEqual(summary.rates, ratesFromCounts(summary.counts, 10));
  assert.equal(summary.rates.chunks_per_s, 400);
  assert.equal(summary.worst_session?.index, b.worst_session!.index + 4, 'session index offset by the earlier input');
});

test('timelines align by wall time; coinciding seconds add up', () => {
  const a = makeResult({ rtt: latencies(300, 30, 1), seconds: 3, errors: [{ kind: 'timeout', count: 2 }] });
  const b = makeResult({ rtt: latencies(300, 30, 2), seconds: 3, startedAt: '2026-01-02T03:04:07.000Z', errors: [{ kind: 'timeout', count: 1 }, { kind: 'closed', count: 4 }] });
  assert.deepEqual(startOffsetsS([a, b]), [0, 2]);
  const t = mergeTimelines([a.timeline, b.timeline], startOffsetsS([a, b]));
  assert.deepEqual(t.map((p) => p.t_s), [0, 1, 2, 3, 4]);
  assert.equal(t[2].chunks_acked, a.timeline[2].chunks_acked + b.timeline[0].chunks_acked);
  assert.equal(t[2].sessions_open, 8);
  const exact = percentileFromHdr(summarize(addEncoded([a.timeline[2].hdr!, b.timeline[0].hdr!])).hdr, 99);
  assert.equal(t[2].p99_ms, exact, 'coinciding seconds: percentiles from the added histograms');
  assert.deepEqual(t[0], a.timeline[0], 'a second only one input has is kept as it is');
  assert.deepEqual(t[2].errors_by_kind, { timeout: 1, closed: 4 });
  assert.equal(t[4].chunks_acked, b.timeline[2].chunks_acked);
  assert.equal(t.reduce((s, p) => s + p.chunks_acked, 0), 600);
  const { summary } = mergeSummaries([a, b]);
  assert.deepEqual(summary.errors.map((e) => [e.kind, e.count]), [['closed', 4], ['timeout', 3]]);
});

test("the inputs' thresholds are judged once each; a broken histogram is a problem, not a crash", () => {
  const th = { metric: 'chunk_rtt_ms', expression: 'p(95) < 300', actual: 1, limit: 300, op: '<' as const, passed: true };
  const a = makeResult({ rtt: [10], thresholds: [th] });
  const b = makeResult({ rtt: [10], thresholds: [th, { ...th, expression: 'p(99) < 500' }] });
  assert.deepEqual(inputThresholds([a, b]).map((t) => t.expression), ['p(95) < 300', 'p(99) < 500']);
  b.metrics.chunk_rtt_ms.hdr = 'garbage';
  assert.match(mergeSummaries([a, b]).problems[0], /input 2: metrics\.chunk_rtt_ms\.hdr cannot be decoded/);
});
