/**
 * Threshold expressions, k6-style: `<aggregation> <operator> <number>[unit] [over <duration>]`
 * attached to a metric, e.g. `chunk_rtt_ms: p(95) < 300ms`. Parsing reports a problem naming the
 * threshold, the reason and the allowed choices, so the CLI can list every problem at once
 * before anything connects. Evaluation lives in check.ts (evaluateThresholds).
 */
import { parseDurationMs } from '../units.js';
import { AGGREGATIONS, METRICS, METRIC_NAMES, type Aggregation, type MetricKind } from './metrics.js';
import { closest, didYouMean } from './suggest.js';
import { WINDOWED_TEXT, windowField } from './window.js';

/** Comparison operators, in the order messages list them. */
export const OPERATORS = ['<', '<=', '>', '>=', '==', '!='] as const;
export type Operator = (typeof OPERATORS)[number];

/** A parsed threshold; `limit` is in the metric's own unit (ms for *_ms, a fraction for rates). */
export interface Threshold {
  metric: string;
  kind: MetricKind;
  /** The expression as written (trimmed), echoed in results and reports. */
  expression: string;
  aggregation: Aggregation;
  op: Operator;
  limit: number;
  /** `over <duration>`: the bound must hold in every window of this many whole seconds. */
  windowS?: number;
}

/** One threshold or the one problem that stopped it. */
export interface ParsedThreshold {
  threshold?: Threshold;
  problem?: string;
}

type Step<T> = { value: T; reason?: undefined } | { value?: undefined; reason: string };

const SIMPLE_AGGREGATIONS = ['avg', 'min', 'med', 'max', 'count', 'rate', 'value'] as const;
const ALIASES: Record<string, string> = { mean: 'avg', average: 'avg', median: 'med', minimum: 'min', maximum: 'max' };

function parseAggregation(text: string, metric: string, kind: MetricKind): Step<Aggregation> {
  const allowed = AGGREGATIONS[kind];
  const choices = `use one of ${allowed.join(', ')}`;
  if (text === '') return { reason: `missing aggregation; ${choices}` };
  const p = /^p\(\s*(\d+(?:\.\d+)?)\s*\)$/.exec(text);
  const simple = (SIMPLE_AGGREGATIONS as readonly string[]).includes(text);
  if (p || simple) {
    const name = p ? 'p(N)' : text;
    if (!allowed.includes(name)) return { reason: `aggregation "${text}" does not apply to ${metric} (a ${kind}); ${choices}` };
    if (!p) return { value: { name: text as (typeof SIMPLE_AGGREGATIONS)[number] } };
    const percentile = Number(p[1]);
    if (!(percentile > 0 && percentile <= 100)) return { reason: `percentile ${p[1]} is out of range; p(N) needs 0 < N <= 100` };
    return { value: { name: 'p', percentile } };
  }
  return { reason: `unknown aggregation "${text}"; ${choices}${didYouMean(suggestAggregation(text, allowed))}` };
}

function suggestAggregation(text: string, allowed: readonly string[]): string | undefined {
  const bare = /^p(?:ercentile)?\s*\(?\s*(\d+(?:\.\d+)?)\s*\)?$/i.exec(text);
  if (bare) return allowed.includes('p(N)') ? `p(${bare[1]})` : undefined;
  const alias = Object.hasOwn(ALIASES, text.toLowerCase()) ? ALIASES[text.toLowerCase()] : undefined;
  if (alias && allowed.includes(alias)) return alias;
  return closest(text, allowed.filter((a) => a !== 'p(N)'));
}

function unitsText(durations: boolean, percent: boolean): string {
  if (durations) return 'ms or s (a bare number means ms)';
  if (percent) return '% (a bare number is a fraction 0..1)';
  return 'no unit';
}

function parseLimit(text: string, metric: string, kind: MetricKind, agg: Aggregation): Step<number> {
  const durations = metric.endsWith('_ms') && agg.name !== 'count';
  const percent = kind === 'rate';
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*([a-z%]*)$/i.exec(text);
  if (text === '') return { reason: 'missing number after the operator' };
  if (!m) return { reason: `invalid limit "${text}"; expected a number, with ${unitsText(durations, percent)}` };
  const [, num, unit] = m;
  let limit = Number(num);
  if (unit === 'ms' || unit === 's') {
    if (!durations) return { reason: `unit "${unit}" does not apply to ${metric} ${agg.name}; use ${unitsText(false, percent)}` };
    if (unit === 's') limit *= 1000;
  } else if (unit === '%') {
    if (!percent) return { reason: `unit "%" does not apply to ${metric}; use ${unitsText(durations, false)}` };
    limit /= 100;
  } else if (unit !== '') {
    return { reason: `unknown unit "${unit}"; use ${unitsText(durations, percent)}` };
  }
  if (percent && (limit < 0 || limit > 1)) {
    const hint = unit === '' && Number(num) <= 100 ? ` (did you mean ${num}%?)` : '';
    return { reason: `limit ${text} is outside 0..1; ${metric} is a fraction, write 0.95 or 95%${hint}` };
  }
  return { value: limit };
}

function parseWindow(text: string, metric: string, agg: Aggregation): Step<number> {
  const ms = parseDurationMs(text);
  if (ms === undefined || ms <= 0) return { reason: `invalid window "${text}" after "over"; expected a duration such as 10s or 1m` };
  if (ms % 1000 !== 0) return { reason: `window "${text}" is not a whole number of seconds (the timeline has 1s resolution)` };
  if (!windowField(metric, agg)) return { reason: `windows ("over ${text}") are supported only for ${WINDOWED_TEXT}` };
  return { value: ms / 1000 };
}

/** Split `<lhs> <op> <rhs> [over <window>]`; the operator is the first one found. */
function splitExpression(expression: string): Step<{ lhs: string; op: Operator; rhs: string; window?: string }> {
  const over = /\s+over(?:\s+(.*))?$/.exec(expression);
  const body = over ? expression.slice(0, over.index) : expression;
  if (over && !over[1]) return { reason: 'missing duration after "over"; e.g. over 10s' };
  const ops = `use one of ${OPERATORS.join(', ')}`;
  const m = /(<=|>=|==|!=|=<|=>|<|>|=)/.exec(body);
  if (!m) return { reason: `missing comparison operator; expected <aggregation> <operator> <number>, e.g. p(95) < 300; ${ops}` };
  const op = m[1];
  if (!(OPERATORS as readonly string[]).includes(op)) return { reason: `unknown operator "${op}"; ${ops}` };
  return {
    value: { lhs: body.slice(0, m.index).trim(), op: op as Operator, rhs: body.slice(m.index + op.length).trim(), window: over?.[1]?.trim() },
  };
}

/** Parse one expression for one metric; never throws. */
export function parseThreshold(metric: string, expression: string): ParsedThreshold {
  const name = metric.trim();
  const text = expression.trim();
  const fail = (reason: string): ParsedThreshold => ({ problem: `threshold "${name}: ${text}": ${reason}` });
  // Own keys only: `constructor`, `toString` or `__proto__` are not metrics, whatever Object.prototype says.
  const spec = Object.hasOwn(METRICS, name) ? METRICS[name] : undefined;
  if (!spec) return fail(`unknown metric "${name}"; use one of ${METRIC_NAMES.join(', ')}${didYouMean(closest(name, METRIC_NAMES))}`);
  const parts = splitExpression(text);
  if (parts.reason !== undefined) return fail(parts.reason);
  const agg = parseAggregation(parts.value.lhs, name, spec.kind);
  if (agg.reason !== undefined) return fail(agg.reason);
  const limit = parseLimit(parts.value.rhs, name, spec.kind, agg.value);
  if (limit.reason !== undefined) return fail(limit.reason);
  const threshold: Threshold = { metric: name, kind: spec.kind, expression: text, aggregation: agg.value, op: parts.value.op, limit: limit.value };
  if (parts.value.window !== undefined) {
    const windowS = parseWindow(parts.value.window, name, agg.value);
    if (windowS.reason !== undefined) return fail(windowS.reason);
    threshold.windowS = windowS.value;
  }
  return { threshold };
}

/** Thresholds as profiles write them (`{ metric: [expr, ...] }`) or as a list of pairs. */
export type ThresholdInput = Record<string, unknown> | Array<{ metric: string; expression: string }>;

/** Parse many thresholds, collecting every problem rather than stopping at the first. */
export function parseThresholds(input: ThresholdInput): { thresholds: Threshold[]; problems: string[] } {
  const pairs: Array<{ metric: string; expression: unknown }> = [];
  const problems: string[] = [];
  if (Array.isArray(input)) pairs.push(...input);
  else {
    for (const [metric, list] of Object.entries(input)) {
      if (!Array.isArray(list)) problems.push(`thresholds for "${metric}" must be a list of expressions, e.g. ["p(95) < 300"]`);
      else pairs.push(...list.map((expression: unknown) => ({ metric, expression })));
    }
  }
  const thresholds: Threshold[] = [];
  for (const { metric, expression } of pairs) {
    if (typeof expression !== 'string') {
      problems.push(`threshold for "${metric}": expected an expression string such as "p(95) < 300", got ${JSON.stringify(expression)}`);
      continue;
    }
    const parsed = parseThreshold(metric, expression);
    if (parsed.threshold) thresholds.push(parsed.threshold);
    if (parsed.problem) problems.push(parsed.problem);
  }
  return { thresholds, problems };
}

/** Parse the CLI form `--threshold 'chunk_rtt_ms: p(95) < 300'`. */
export function parseThresholdFlag(text: string): ParsedThreshold {
  const colon = text.indexOf(':');
  if (colon < 0) return { problem: `threshold "${text.trim()}": expected "<metric>: <expression>", e.g. "chunk_rtt_ms: p(95) < 300"` };
  return parseThreshold(text.slice(0, colon), text.slice(colon + 1));
}
