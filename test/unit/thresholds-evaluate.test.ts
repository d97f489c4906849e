import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as hdr from 'hdr-histogram-js';
import { LATENCY_METRICS, type LatencySummary, type Summary, type TimelinePoint } from '../../src/measure/types.js';
import { evaluateThresholds } from '../../src/evaluate/check.js';
import { lookupMetric, measureMetric, type Aggregation } from '../../src/evaluate/metrics.js';
import { parseThresholds } from '../../src/evaluate/thresholds.js';

/** A real LatencySummary from values in ms, recorded as integer µs like measure/ does. */
function latency(valuesMs: number[]): LatencySummary {
  const h = hdr.build();
  for (const v of valuesMs) h.recordValue(Math.round(v * 1000));
  const at = (p: number) => h.getValueAtPercentile(p) / 1000;
  return {
    count: h.totalCount,
    min: valuesMs.length ? h.minNonZeroValue / 1000 : 0,
    avg: h.mean / 1000,
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    p999: at(99.9),
    max: h.maxValue / 1000,
    stddev: h.stdDeviation / 1000,
    hdr: hdr.encodeIntoCompressedBase64(h),
  };
}

const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

/** 1..1000 ms, once each: percentile N is about N*10 ms. */
const RTT = range(1000, (i) => i + 1);

function summary(): Summary {
  const metrics = Object.fromEntries(LATENCY_METRICS.map((m) => [m, latency([])])) as Summary['metrics'];
  metrics.chunk_rtt_ms = latency(RTT);
  metrics.connect_ms = latency([5, 7, 9]);
  return {
    metrics,
    counts: {
      chunks_due: 1000, chunks_sent: 1000, chunks_acked: 960, chunks_failed: 10, chunks_lost: 30, chunks_late: 5,
      chunks_unsent: 0, sessions_started: 4, sessions_failed: 0, sessions_dropped: 1, sessions_reconnected: 1,
      sessions_deleted: 4, sessions_not_deleted: 0, sockets_dropped: 1, reconnects: 1, sequence_anomalies: 0,
      updates_sent: 0, updates_acked: 0, updates_failed: 0,
      pings_sent: 0, pings_acked: 0, pings_failed: 0,
    },
    rates: { success_rate: 0.96, error_rate: 0.04, chunks_per_s: 38.4, chunks_per_s_per_session: 9.6 },
    errors: [],
    worst_session: { index: 2, p99_ms: 870 },
    timeline: [],
    measured_s: 25,
    event_loop_delay_p99_ms: 3.5,
  };
}

test('lookupMetric reads every kind and aggregation', async (t) => {
  const s = summary();
  const cases: Array<[string, Aggregation, number | null]> = [
    ['chunk_rtt_ms', { name: 'count' }, 1000],
    ['chunk_rtt_ms', { name: 'min' }, 1],
    ['chunk_rtt_ms', { name: 'max' }, s.metrics.chunk_rtt_ms.max],
    ['chunk_rtt_ms', { name: 'avg' }, s.metrics.chunk_rtt_ms.avg],
    ['chunk_rtt_ms', { name: 'med' }, s.metrics.chunk_rtt_ms.p50],
    ['chunk_rtt_ms', { name: 'p', percentile: 95 }, s.metrics.chunk_rtt_ms.p95],
    ['chunk_rtt_ms', { name: 'p', percentile: 99.9 }, s.metrics.chunk_rtt_ms.p999],
    ['connect_ms', { name: 'max' }, 9],
    ['success_rate', { name: 'rate' }, 0.96],
    ['error_rate', { name: 'value' }, 0.04],
    ['chunks_lost', { name: 'count' }, 30],
    ['chunks_lost', { name: 'rate' }, 30 / 25],
    ['chunks_per_s', { name: 'value' }, 38.4],
    ['chunks_per_s_per_session', { name: 'value' }, 9.6],
    ['worst_session_p99_ms', { name: 'value' }, 870],
    ['event_loop_delay_p99_ms', { name: 'value' }, 3.5],
    ['send_lag_ms', { name: 'count' }, 0],
    ['send_lag_ms', { name: 'p', percentile: 99 }, null],
    ['no_such_metric', { name: 'value' }, null],
  ];
  for (const [metric, agg, want] of cases) {
    await t.test(`${metric} ${JSON.stringify(agg)}`, () => assert.equal(lookupMetric(s, metric, agg), want));
  }
});

test('percentiles not stored in the Summary come from the hdr histogram', async (t) => {
  const s = summary();
  for (const p of [10, 75, 97.5, 99.99]) {
    await t.test(`p(${p})`, () => {
      const actual = lookupMetric(s, 'chunk_rtt_ms', { name: 'p', percentile: p });
      assert.ok(actual !== null);
      const expected = Math.ceil((p / 100) * RTT.length);
      assert.ok(Math.abs(actual - expected) <= expected * 0.01 + 0.01, `p(${p}) = ${actual}, want ~${expected}`);
    });
  }
  s.metrics.chunk_rtt_ms = { ...s.metrics.chunk_rtt_ms, hdr: 'not base64 hdr' };
  assert.deepEqual(measureMetric(s, 'chunk_rtt_ms', { name: 'p', percentile: 75 }), {
    actual: null,
    note: 'histogram missing or unreadable',
  });
});

test('missing data reads as null with a reason, never a crash', () => {
  const s = summary();
  delete (s.metrics as Partial<Summary['metrics']>).create_ms;
  s.worst_session = null;
  s.measured_s = 0;
  const note = (metric: string, agg: Aggregation) => measureMetric(s, metric, agg).note;
  assert.equal(note('create_ms', { name: 'max' }), 'create_ms was not measured in this run');
  assert.equal(note('worst_session_p99_ms', { name: 'value' }), 'worst_session_p99_ms was not measured in this run');
  assert.equal(note('send_lag_ms', { name: 'avg' }), 'no samples recorded');
  assert.equal(note('chunks_lost', { name: 'rate' }), 'no measured time to compute a rate over');
});

test('evaluateThresholds: pass, fail and missing metrics', () => {
  const { thresholds, problems } = parseThresholds({
    chunk_rtt_ms: ['p(95) < 1s', 'p(95) < 300', 'max < 999', 'count == 1000', 'p(97.5) < 900'],
    success_rate: ['rate > 95%', 'rate >= 0.99'],
    chunks_lost: ['count == 0', 'rate < 2'],
    chunks_per_s_per_session: ['value >= 9.5'],
    create_ms: ['p(95) < 1000'],
  });
  assert.deepEqual(problems, []);
  const s = summary();
  delete (s.metrics as Partial<Summary['metrics']>).create_ms;
  const results = evaluateThresholds(thresholds, s);
  assert.deepEqual(
    results.map((r) => [`${r.metric}: ${r.expression}`, r.passed]),
    [
      ['chunk_rtt_ms: p(95) < 1s', true],
      ['chunk_rtt_ms: p(95) < 300', false],
      ['chunk_rtt_ms: max < 999', false],
      ['chunk_rtt_ms: count == 1000', true],
      ['chunk_rtt_ms: p(97.5) < 900', false],
      ['success_rate: rate > 95%', true],
      ['success_rate: rate >= 0.99', false],
      ['chunks_lost: count == 0', false],
      ['chunks_lost: rate < 2', true],
      ['chunks_per_s_per_session: value >= 9.5', true],
      ['create_ms: p(95) < 1000', false],
    ],
  );
  assert.deepEqual(results[0], {
    metric: 'chunk_rtt_ms', expression: 'p(95) < 1s', actual: s.metrics.chunk_rtt_ms.p95, limit: 1000, op: '<', passed: true,
  });
  assert.deepEqual(results.at(-1), {
    metric: 'create_ms', expression: 'p(95) < 1000', actual: null, limit: 1000, op: '<', passed: false,
    note: 'create_ms was not measured in this run',
  });
});

function point(t_s: number, p99_ms: number | null, chunks_acked = 10): TimelinePoint {
  return { t_s, chunks_sent: chunks_acked, chunks_acked, errors: 0, errors_by_kind: {}, p50_ms: p99_ms && p99_ms / 3, p95_ms: p99_ms && p99_ms / 2, p99_ms, sessions_open: 1 };
}

test('windowed thresholds take the worst window of the timeline', async (t) => {
  // Seconds 0..9: p99 100 ms except a 3 s spike of 400 ms at t=4..6; second 7 has no replies.
  const timeline = range(10, (i) => point(i, i >= 4 && i <= 6 ? 400 : 100)).map((p) =>
    p.t_s === 7 ? { ...p, chunks_acked: 0, p99_ms: null } : p,
  );
  const cases: Array<[string, boolean, number, number, number]> = [
    // expression, passed, actual, worst_t_s, windows with data
    ['p(99) < 300 over 1s', false, 400, 4, 9],
    ['p(99) < 300 over 3s', false, 400, 4, 8],
    ['p(99) < 350 over 5s', true, 325, 3, 6],
    ['p(99) < 300 over 5s', false, 325, 3, 6],
    ['p(99) > 90 over 2s', true, 100, 0, 9],
    ['p(95) < 150 over 10s', true, 100, 0, 1],
    ['p(99) < 500 over 20s', true, 200, 0, 1],
  ];
  for (const [expression, passed, actual, worst, count] of cases) {
    await t.test(expression, () => {
      const { thresholds } = parseThresholds({ chunk_rtt_ms: [expression] });
      const [r] = evaluateThresholds(thresholds, { ...summary(), timeline });
      assert.equal(r.passed, passed);
      assert.ok(r.actual !== null && Math.abs(r.actual - actual) < 1e-9, `actual ${r.actual}`);
      assert.equal(r.window?.worst_t_s, worst);
      assert.equal(r.window?.count, count);
      assert.equal(r.note !== undefined, expression.endsWith('20s'), r.note);
    });
  }
});

test('windows weight each second by chunks acked', () => {
  const timeline = [point(0, 100, 90), point(1, 400, 10)];
  const { thresholds } = parseThresholds({ chunk_rtt_ms: ['p(99) < 200 over 2s'] });
  const [r] = evaluateThresholds(thresholds, { ...summary(), timeline });
  assert.equal(r.actual, 130);
  assert.equal(r.passed, true);
});

test('a windowed threshold with no timeline fails with a note', () => {
  const { thresholds } = parseThresholds({ chunk_rtt_ms: ['p(99) < 300 over 10s'] });
  const [r] = evaluateThresholds(thresholds, summary());
  assert.deepEqual({ actual: r.actual, passed: r.passed, note: r.note }, {
    actual: null, passed: false, note: 'no timeline data to evaluate windows on',
  });
});
