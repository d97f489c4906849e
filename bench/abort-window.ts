/**
 * The cost of `--abort-on-fail` with a windowed threshold, per once-a-second check, as a run
 * grows: re-judging every settled window (what a stateless check does) against the AbortJudge,
 * which judges each settled window once. Also the cost of building the live timeline the check
 * reads (Timeline.points()), which both pay. Timelines hold 20 sessions × 10 chunks/s.
 *
 * Run: npx tsc -p . && node dist/bench/abort-window.js [seconds…]
 */
import { AbortJudge } from '../src/evaluate/abort.js';
import { evaluateThresholds } from '../src/evaluate/check.js';
import { parseThresholdFlag } from '../src/evaluate/thresholds.js';
import { newHistogram, summarize } from '../src/measure/histogram.js';
import { Timeline } from '../src/measure/timeline.js';
import { LATENCY_METRICS, type Summary } from '../src/measure/types.js';

const lengths = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SECONDS = lengths.length ? lengths : [60, 300, 1800];
const threshold = parseThresholdFlag('chunk_rtt_ms: p(99) < 300 over 10s').threshold!;

function summaryOf(timeline: Summary['timeline']): Summary {
  const metrics = {} as Summary['metrics'];
  for (const m of LATENCY_METRICS) metrics[m] = summarize(newHistogram(), false);
  const counts = {} as Summary['counts'];
  return { metrics, counts, rates: {} as Summary['rates'], errors: [], worst_session: null, timeline, measured_s: 0, event_loop_delay_p99_ms: 0 };
}

const ms = (f: () => void, reps: number) => {
  const t = performance.now();
  for (let i = 0; i < reps; i++) f();
  return (performance.now() - t) / reps;
};

console.log('run length | timeline points() | re-judge all windows | AbortJudge (one new second)');
for (const seconds of SECONDS) {
  const tl = new Timeline(0, 1000);
  for (let s = 0; s < seconds; s++) for (let k = 0; k < 200; k++) {
    const due = s * 1000 + k * 5;
    tl.sent(due, 20);
    tl.acked(due, 20 + ((k * 7919) % 50));
  }
  const points = tl.points();
  const run = { plannedDue: 0, settledS: seconds };
  const pointsMs = ms(() => tl.points(), 5);
  const allMs = ms(() => evaluateThresholds([threshold], summaryOf(points.filter((p) => p.t_s + 1 <= run.settledS))), 3);
  // The judge has seen the run up to the second before; the check judges the one new window.
  const judge = new AbortJudge([threshold]);
  judge.check(summaryOf(points), { plannedDue: 0, settledS: seconds - 1 });
  const s = summaryOf(points);
  const t = performance.now();
  const r = judge.check(s, run);
  const oneMs = performance.now() - t;
  if (r) throw new Error('no window should fail');
  console.log(`${String(seconds).padStart(6)} s   | ${pointsMs.toFixed(2).padStart(10)} ms     | ${allMs.toFixed(2).padStart(12)} ms      | ${oneMs.toFixed(3).padStart(8)} ms`);
}
