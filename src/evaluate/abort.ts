/**
 * `--abort-on-fail`: which threshold can no longer pass, whatever the rest of the run does?
 * Only verdicts that later data cannot change count: a counter already over its bound, a max
 * or min already beyond it, a rate that fails even if every remaining chunk succeeds, or a
 * completed window that failed. Pure apart from the judge's memory of windows already judged:
 * a settled window never changes, so each is judged once, and a check costs the new seconds
 * only (not the whole timeline again), however long the run.
 */
import type { RunSoFar, Summary, TimelinePoint } from '../measure/types.js';
import { compare, type ThresholdResult } from './check.js';
import { measureMetric } from './metrics.js';
import type { Threshold } from './thresholds.js';
import { windowField, windowValue } from './window.js';

function failed(t: Threshold, actual: number, note: string): ThresholdResult {
  return { metric: t.metric, expression: t.expression, actual, limit: t.limit, op: t.op, passed: false, note };
}

/** Best case for the rates: every chunk still to come succeeds. */
function rateBound(t: Threshold, s: Summary, run: RunSoFar): number | null {
  const c = s.counts;
  const planned = Math.max(run.plannedDue, c.chunks_due);
  if (planned === 0) return null;
  if (t.metric === 'error_rate' && (t.op === '<' || t.op === '<=')) return (c.chunks_failed + c.chunks_lost) / planned;
  if (t.metric === 'success_rate' && (t.op === '>' || t.op === '>=')) return (c.chunks_acked + planned - c.chunks_due) / planned;
  return null;
}

/** A threshold without a window that already sits where later data cannot bring it back. */
function settledFailure(t: Threshold, s: Summary, run: RunSoFar): ThresholdResult | null {
  const agg = t.aggregation.name;
  const upper = t.op === '<' || t.op === '<=' || t.op === '==';
  const monotoneUp = (t.kind === 'counter' && agg === 'count') || (t.kind === 'trend' && agg === 'max');
  const monotoneDown = t.kind === 'trend' && agg === 'min' && (t.op === '>' || t.op === '>=');
  if ((monotoneUp && upper) || monotoneDown) {
    const { actual } = measureMetric(s, t.metric, t.aggregation);
    const overshot = actual !== null && !compare(actual, t.op, t.limit) && (t.op !== '==' || actual > t.limit);
    if (overshot && !(t.kind === 'trend' && s.metrics[t.metric as keyof Summary['metrics']]?.count === 0)) {
      return failed(t, actual, 'can no longer pass: it only moves further from the bound');
    }
    return null;
  }
  const bound = t.kind === 'rate' ? rateBound(t, s, run) : null;
  return bound !== null && !compare(bound, t.op, t.limit) ? failed(t, bound, 'can no longer pass even if every remaining chunk succeeds') : null;
}

/**
 * Judges a run's thresholds mid-run, remembering for each windowed threshold where its next
 * unjudged window starts. Make one per run; `check` once a second with the live summary.
 */
export class AbortJudge {
  /** Windowed threshold → timeline index of the first window not judged yet. */
  private readonly nextWindow = new Map<Threshold, number>();
  /** Windows judged so far, over all checks (each settled window once). */
  windowsJudged = 0;

  constructor(private readonly thresholds: readonly Threshold[]) {}

  /** The first threshold that can no longer pass, or null. */
  check(s: Summary, run: RunSoFar): ThresholdResult | null {
    for (const t of this.thresholds) {
      const r = t.windowS !== undefined ? this.windowFailure(t, t.windowS, s.timeline, run) : settledFailure(t, s, run);
      if (r) return r;
    }
    return null;
  }

  /**
   * Judge the windows that have become complete and settled since the last check: windows of
   * whole seconds [start, start + windowS) with start + windowS no later than the last settled second.
   */
  private windowFailure(t: Threshold, windowS: number, timeline: readonly TimelinePoint[], run: RunSoFar): ThresholdResult | null {
    const field = windowField(t.metric, t.aggregation);
    if (!field) return null;
    const settledEnd = Math.floor(run.settledS);
    let i = this.nextWindow.get(t) ?? 0;
    for (; i < timeline.length && timeline[i].t_s + windowS <= settledEnd; i++) {
      const start = timeline[i].t_s;
      const points: TimelinePoint[] = [];
      for (let j = i; j < timeline.length && timeline[j].t_s < start + windowS; j++) points.push(timeline[j]);
      const value = windowValue(points, field);
      this.windowsJudged++;
      if (value !== null && !compare(value, t.op, t.limit)) {
        this.nextWindow.set(t, i + 1);
        return {
          ...failed(t, value, `the ${windowS}s window from ${start}s failed; it is settled and cannot change`),
          window: { seconds: windowS, worst_t_s: start, count: i + 1 },
        };
      }
    }
    this.nextWindow.set(t, i);
    return null;
  }
}

/** The first threshold that can no longer pass, judging every settled window (one-off use; runs keep an AbortJudge). */
export function hopelessThreshold(thresholds: readonly Threshold[], s: Summary, run: RunSoFar): ThresholdResult | null {
  return new AbortJudge(thresholds).check(s, run);
}
