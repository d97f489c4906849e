import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AbortJudge, hopelessThreshold } from '../../src/evaluate/abort.js';
import { evaluateThresholds } from '../../src/evaluate/check.js';
import { parseThresholdFlag, type Threshold } from '../../src/evaluate/thresholds.js';
import { newHistogram, recordMs, summarize } from '../../src/measure/histogram.js';
import { LATENCY_METRICS, type Counts, type Summary, type TimelinePoint } from '../../src/measure/types.js';

function th(text: string): Threshold {
  const r = parseThresholdFlag(text);
  assert.ok(r.threshold, r.problem);
  return r.threshold;
}

function summary(counts: Partial<Counts>, rtts: number[] = [], timeline: TimelinePoint[] = []): Summary {
  const metrics = {} as Summary['metrics'];
  for (const m of LATENCY_METRICS) {
    const h = newHistogram();
    if (m === 'chunk_rtt_ms') rtts.forEach((v) => recordMs(h, v));
    metrics[m] = summarize(h);
  }
  const base: Counts = {
    chunks_due: 0, chunks_sent: 0, chunks_acked: 0, chunks_failed: 0, chunks_lost: 0, chunks_late: 0, chunks_unsent: 0,
    sessions_started: 1, sessions_failed: 0, sessions_dropped: 0, sessions_reconnected: 0, sessions_deleted: 0,
    sessions_not_deleted: 0, sockets_dropped: 0, reconnects: 0,
    sequence_anomalies: 0, updates_sent: 0, updates_acked: 0, updates_failed: 0, pings_sent: 0, pings_acked: 0, pings_failed: 0,
  };
  return {
    metrics, counts: { ...base, ...counts }, rates: { success_rate: 0, error_rate: 0, chunks_per_s: 0, chunks_per_s_per_session: 0 },
    errors: [], worst_session: null, timeline, measured_s: 10, event_loop_delay_p99_ms: 0,
  };
}

function point(t_s: number, rtt: number): TimelinePoint {
  const h = newHistogram('compact');
  for (let i = 0; i < 10; i++) recordMs(h, rtt);
  const s = summarize(h);
  return { t_s, chunks_sent: 10, chunks_acked: 10, errors: 0, errors_by_kind: {}, p50_ms: rtt, p95_ms: rtt, p99_ms: rtt, sessions_open: 1, hdr: s.hdr };
}

test('which thresholds can no longer pass mid-run', () => {
  const run = { plannedDue: 1000, settledS: 5 };
  const cases: Array<[string, Summary, boolean]> = [
    // error_rate: 60 of 1000 planned already failed: even a perfect rest gives 6 % > 5 %.
    ['error_rate: rate < 0.05', summary({ chunks_due: 100, chunks_failed: 60, chunks_acked: 40 }), true],
    ['error_rate: rate < 0.05', summary({ chunks_due: 100, chunks_failed: 40, chunks_acked: 60 }), false],
    // success_rate: 100 due, 60 missed of 1000 planned: best case 94 % < 95 %.
    ['success_rate: rate > 0.95', summary({ chunks_due: 100, chunks_acked: 40, chunks_lost: 60 }), true],
    ['success_rate: rate > 0.95', summary({ chunks_due: 100, chunks_acked: 60, chunks_lost: 40 }), false],
    ['sequence_anomalies: count == 0', summary({ sequence_anomalies: 1 }), true],
    ['chunks_lost: count < 10', summary({ chunks_lost: 10 }), true],
    ['chunks_lost: count < 10', summary({ chunks_lost: 9 }), false],
    ['chunk_rtt_ms: max < 100', summary({}, [50, 150]), true],
    ['chunk_rtt_ms: max < 100', summary({}, [50, 90]), false],
    // An average can still come down: never judged early.
    ['chunk_rtt_ms: avg < 100', summary({}, [500, 500]), false],
    ['chunk_rtt_ms: p(95) < 100', summary({}, [500, 500]), false],
    // Windows: only settled seconds count; a failed complete window is final.
    ['chunk_rtt_ms: p(99) < 100 over 2s', summary({}, [], [point(0, 50), point(1, 50), point(2, 300), point(3, 300)]), true],
    ['chunk_rtt_ms: p(99) < 100 over 2s', summary({}, [], [point(0, 50), point(1, 50), point(2, 50), point(3, 50), point(4, 50), point(5, 300)]), false],
  ];
  for (const [text, s, hopeless] of cases) {
    const r = hopelessThreshold([th(text)], s, run);
    assert.equal(r !== null, hopeless, text);
    if (r) assert.equal(r.passed, false);
  }
});

test('--abort-on-fail judges each settled window once, however often it is asked', () => {
  const judge = new AbortJudge([th('chunk_rtt_ms: p(99) < 100 over 2s')]);
  const timeline = Array.from({ length: 60 }, (_, i) => point(i, 50));
  for (let settled = 2; settled <= 60; settled++) {
    assert.equal(judge.check(summary({}, [], timeline.slice(0, settled)), { plannedDue: 1000, settledS: settled }), null);
  }
  // Windows [0,2) … [58,60): 59 of them, each judged once (a stateless check would judge 1770).
  assert.equal(judge.windowsJudged, 59);
});

test('the incremental judge stops on the same window as judging the whole settled timeline', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 10, max: 200 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 6 }), (rtts, windowS) => {
      const t = th(`chunk_rtt_ms: p(99) < 120 over ${windowS}s`);
      const timeline = rtts.map((rtt, i) => point(i, rtt));
      const judge = new AbortJudge([t]);
      for (let settled = 0; settled <= timeline.length; settled++) {
        const s = summary({}, [], timeline.slice(0, settled));
        const run = { plannedDue: 1000, settledS: settled };
        const incremental = judge.check(s, run);
        const whole = evaluateThresholds([t], { ...s, timeline: s.timeline.filter((p) => p.t_s + 1 <= settled) })[0];
        const wholeFails = settled >= windowS && !whole.passed && whole.actual !== null;
        assert.equal(incremental !== null, wholeFails, `settled ${settled}`);
        if (incremental) return; // the run stops here
      }
    }),
    { numRuns: 200 },
  );
});
