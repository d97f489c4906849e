/**
 * `--abort-on-fail`: which threshold can no longer pass, whatever the rest of the run does?
 * Only verdicts that later data cannot change count: a counter already over its bound, a max
 * or min already beyond it, a rate that fails even if every remaining chunk succeeds, or a
 * completed window that failed. Pure.
 */
import type { RunSoFar, Summary } from '../measure/types.js';
import { compare, evaluateThresholds, type ThresholdResult } from './check.js';
import { measureMetric } from './metrics.js';
import type { Threshold } from './thresholds.js';

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

function settledWindowFailure(t: Threshold, s: Summary, run: RunSoFar): ThresholdResult | null {
  const timeline = s.timeline.filter((p) => p.t_s + 1 <= run.settledS);
  if (timeline.length < (t.windowS ?? Infinity)) return null;
  const [r] = evaluateThresholds([t], { ...s, timeline });
  return r && !r.passed && r.actual !== null ? r : null;
}

/** The first threshold that can no longer pass, or null. */
export function hopelessThreshold(thresholds: readonly Threshold[], s: Summary, run: RunSoFar): ThresholdResult | null {
  for (const t of thresholds) {
    if (t.windowS !== undefined) {
      const r = settledWindowFailure(t, s, run);
      if (r) return r;
      continue;
    }
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
      continue;
    }
    const bound = t.kind === 'rate' ? rateBound(t, s, run) : null;
    if (bound !== null && !compare(bound, t.op, t.limit)) {
      return failed(t, bound, 'can no longer pass even if every remaining chunk succeeds');
    }
  }
  return null;
}
