/**
 * Tolerant views of the result fields only some commands write (`checks[]`, `levels[]`,
 * `capacity`, `tags`), so the renderers show them when present and never crash on a shape they
 * do not know.
 */
import type { ResultDocument } from './result.js';

/** One check of `pipebench check`, as reports show it. */
export interface CheckView {
  name: string;
  result: 'pass' | 'fail' | 'skip';
  ms?: number;
  expected?: string;
  got?: string;
}

/** One load level of `pipebench capacity`, as reports show it. */
export interface LevelView {
  sessions: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  success_rate: number | null;
  /** pass, fail or invalid (the generator was the bottleneck); null when the level does not say. */
  verdict: string | null;
  /** What broke the level, e.g. the thresholds it failed. */
  broken_by: string;
}

type Bag = Record<string, unknown>;
const isBag = (v: unknown): v is Bag => typeof v === 'object' && v !== null && !Array.isArray(v);
const numOrNull = (...vs: unknown[]): number | null => (vs.find((v) => typeof v === 'number' && Number.isFinite(v)) as number | undefined) ?? null;
const text = (v: unknown): string | undefined =>
  v === undefined || v === null ? undefined : typeof v === 'string' ? v : Array.isArray(v) ? v.map(String).join('; ') : JSON.stringify(v);

/** The checks of a `check` result, or [] when the result has none. */
export function readChecks(r: ResultDocument): CheckView[] {
  const list = (r as unknown as Bag).checks;
  if (!Array.isArray(list)) return [];
  return list.filter(isBag).map((c) => {
    const result = c.result === 'pass' || c.result === 'skip' ? c.result : 'fail';
    const view: CheckView = { name: String(c.name ?? 'unnamed check'), result };
    if (typeof c.ms === 'number') view.ms = c.ms;
    if (text(c.expected) !== undefined) view.expected = text(c.expected);
    if (text(c.got) !== undefined) view.got = text(c.got);
    return view;
  });
}

/** The levels of a `capacity` result by sessions, read from flat *_ms fields or nested metrics/rates. */
export function readLevels(r: ResultDocument): LevelView[] {
  const list = (r as unknown as Bag).levels;
  if (!Array.isArray(list)) return [];
  return list.filter(isBag).map((l) => {
    const metrics = isBag(l.metrics) ? l.metrics : {};
    const rtt = isBag(metrics.chunk_rtt_ms) ? metrics.chunk_rtt_ms : isBag(l.chunk_rtt_ms) ? l.chunk_rtt_ms : {};
    const rates = isBag(l.rates) ? l.rates : {};
    return {
      sessions: numOrNull(l.sessions, l.level) ?? 0,
      p50_ms: numOrNull(rtt.p50, l.p50_ms),
      p95_ms: numOrNull(rtt.p95, l.p95_ms),
      p99_ms: numOrNull(rtt.p99, l.p99_ms),
      success_rate: numOrNull(rates.success_rate, l.success_rate),
      verdict: typeof l.verdict === 'string' ? l.verdict : typeof l.passed === 'boolean' ? (l.passed ? 'pass' : 'fail') : null,
      broken_by: text(l.broken_by) ?? '',
    };
  }).sort((a, b) => a.sessions - b.sessions);
}

/** The capacity finding of a `capacity` result, or null. */
export function readCapacity(r: ResultDocument): { max_sessions: number | null; broken_by: string | null } | null {
  const c = (r as unknown as Bag).capacity;
  if (!isBag(c)) return null;
  return { max_sessions: numOrNull(c.max_sessions), broken_by: text(c.broken_by) ?? null };
}

/** The --tag labels of a result (key → value, in key order), or {} when it has none. */
export function readTags(r: ResultDocument): Record<string, string> {
  const tags = (r as unknown as Bag).tags;
  if (!isBag(tags)) return {};
  return Object.fromEntries(Object.keys(tags).sort().map((k) => [k, String(tags[k])]));
}
