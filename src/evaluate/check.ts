/** Thresholds × Summary → one result per threshold. Pure; never throws on a missing metric. */
import type { Measurements } from '../measure/types.js';
import { measureMetric } from './metrics.js';
import type { Operator, Threshold } from './thresholds.js';
import { windowField, windowValues, type WindowValue } from './window.js';

/** The outcome of one threshold. `actual` is null when the run did not measure it (then it fails). */
export interface ThresholdResult {
  metric: string;
  expression: string;
  actual: number | null;
  limit: number;
  op: Operator;
  passed: boolean;
  /** Why `actual` is null, or a caveat about how it was computed. */
  note?: string;
  /** Windowed thresholds: the window length and the start of the window that decided. */
  window?: { seconds: number; worst_t_s: number; count: number };
}

/** `actual op limit`. */
export function compare(actual: number, op: Operator, limit: number): boolean {
  switch (op) {
    case '<':
      return actual < limit;
    case '<=':
      return actual <= limit;
    case '>':
      return actual > limit;
    case '>=':
      return actual >= limit;
    case '==':
      return actual === limit;
    case '!=':
      return actual !== limit;
  }
}

/** The window that decides: the highest for an upper bound, the lowest for a lower bound, else the first failing. */
function worstWindow(values: WindowValue[], op: Operator, limit: number): WindowValue {
  if (op === '<' || op === '<=') return values.reduce((a, b) => (b.value > a.value ? b : a));
  if (op === '>' || op === '>=') return values.reduce((a, b) => (b.value < a.value ? b : a));
  return values.find((w) => !compare(w.value, op, limit)) ?? values[0];
}

function evaluateWindowed(t: Threshold, windowS: number, summary: Measurements): ThresholdResult {
  const base = { metric: t.metric, expression: t.expression, limit: t.limit, op: t.op };
  const field = windowField(t.metric, t.aggregation);
  const { values, shorterThanWindow } = field
    ? windowValues(summary.timeline ?? [], field, windowS)
    : { values: [], shorterThanWindow: false };
  if (values.length === 0) {
    return { ...base, actual: null, passed: false, note: 'no timeline data to evaluate windows on' };
  }
  const worst = worstWindow(values, t.op, t.limit);
  const result: ThresholdResult = {
    ...base,
    actual: worst.value,
    passed: compare(worst.value, t.op, t.limit),
    window: { seconds: windowS, worst_t_s: worst.t_s, count: values.length },
  };
  if (shorterThanWindow) result.note = `the run is shorter than the ${windowS}s window; evaluated over the whole timeline`;
  return result;
}

/** Evaluate every threshold against one run's Summary, in the order given. */
export function evaluateThresholds(thresholds: readonly Threshold[], summary: Measurements): ThresholdResult[] {
  return thresholds.map((t) => {
    if (t.windowS !== undefined) return evaluateWindowed(t, t.windowS, summary);
    const { actual, note } = measureMetric(summary, t.metric, t.aggregation);
    const result: ThresholdResult = {
      metric: t.metric,
      expression: t.expression,
      actual,
      limit: t.limit,
      op: t.op,
      passed: actual !== null && compare(actual, t.op, t.limit),
    };
    if (note) result.note = note;
    return result;
  });
}
