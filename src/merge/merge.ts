/**
 * Exact merge of results from runs that ran side by side (several pipebench processes or
 * machines against one target, when one generator cannot make the load alone). Histograms are
 * decoded and added, then summarized again, so merged percentiles are exact, not averaged;
 * counts are summed and rates recomputed from them the way measure/ computes them. Pure.
 */
import { decodeHistogram, newHistogram, summarize } from '../measure/histogram.js';
import type { ErrorKind, LatencySummary, Summary } from '../measure/types.js';
import type { Result } from '../report/result.js';
import { mergeTimelines } from './timeline.js';

/** Add the histograms of one metric across results; a problem when one cannot be decoded. */
function mergeMetric(name: string, parts: Array<LatencySummary | undefined>): { summary: LatencySummary; problem?: string } {
  const sum = newHistogram('full');
  for (const [i, m] of parts.entries()) {
    if (!m || m.count === 0) continue;
    try {
      sum.add(decodeHistogram(m.hdr));
    } catch (err) {
      return { summary: summarize(sum), problem: `input ${i + 1}: metrics.${name}.hdr cannot be decoded: ${(err as Error).message}` };
    }
  }
  const summary = summarize(sum);
  // A decoded histogram knows its max only to bucket precision; the inputs recorded it exactly.
  const maxes = parts.filter((m) => m && m.count > 0).map((m) => m!.max);
  if (maxes.length) summary.max = Math.max(...maxes);
  return { summary };
}

function mergeCounts(results: readonly Result[]): Result['counts'] {
  const out: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.counts)) out[k] = (out[k] ?? 0) + v;
  return out as unknown as Result['counts'];
}

/** Errors by kind, counts summed, the first sample kept; most frequent first, as measure/ orders them. */
export function mergeErrors(results: readonly Result[]): ErrorKind[] {
  const byKind = new Map<string, ErrorKind>();
  for (const e of results.flatMap((r) => r.errors)) {
    const seen = byKind.get(e.kind);
    if (seen) seen.count += e.count;
    else byKind.set(e.kind, { ...e });
  }
  return [...byKind.values()].sort((a, b) => b.count - a.count);
}

/** The worst session of all inputs; its index is offset by the sessions of the inputs before it, so it stays unique. */
function worstSession(results: readonly Result[]): Summary['worst_session'] {
  let worst: Summary['worst_session'] = null;
  let offset = 0;
  for (const r of results) {
    const w = r.worst_session;
    if (w && (worst === null || w.p99_ms > worst.p99_ms)) worst = { index: w.index + offset, p99_ms: w.p99_ms };
    offset += r.counts.sessions_started;
  }
  return worst;
}

/** Rates from counts, exactly as the recorder computes them. */
export function ratesFromCounts(c: Result['counts'], measuredS: number): Result['rates'] {
  const due = c.chunks_due;
  return {
    success_rate: due ? c.chunks_acked / due : 0,
    error_rate: due ? (c.chunks_failed + c.chunks_lost) / due : 0,
    chunks_per_s: measuredS > 0 ? c.chunks_acked / measuredS : 0,
    chunks_per_s_per_session: measuredS > 0 && c.sessions_started ? c.chunks_acked / measuredS / c.sessions_started : 0,
  };
}

/**
 * The merged measurements. The runs ran side by side, so the measured time is the longest one
 * (not the sum), and the event-loop delay is the worst generator's.
 */
export function mergeSummaries(results: readonly Result[]): { summary: Summary; problems: string[] } {
  const problems: string[] = [];
  const metrics = {} as Summary['metrics'];
  const names = [...new Set(results.flatMap((r) => Object.keys(r.metrics)))];
  for (const name of names) {
    const merged = mergeMetric(name, results.map((r) => r.metrics[name as keyof Summary['metrics']]));
    metrics[name as keyof Summary['metrics']] = merged.summary;
    if (merged.problem) problems.push(merged.problem);
  }
  const counts = mergeCounts(results);
  const measuredS = Math.max(...results.map((r) => r.measured_s));
  const summary: Summary = {
    metrics,
    counts,
    rates: ratesFromCounts(counts, measuredS),
    errors: mergeErrors(results),
    worst_session: worstSession(results),
    timeline: mergeTimelines(results),
    measured_s: measuredS,
    event_loop_delay_p99_ms: Math.max(...results.map((r) => r.generator.event_loop_delay_p99_ms)),
  };
  return { summary, problems };
}
