/**
 * Exact merge of measurements taken side by side (workers of one run, shards on several
 * machines, or whole pipebench runs against one target). Histograms are decoded and added,
 * then summarized again, so merged percentiles are exact, not averaged; counts are summed and
 * rates recomputed from them the way measure/ computes them. Pure. This is the one merge:
 * `mergeMeasurements` for Summaries (workers), `mergeSummaries` for result documents.
 */
import { decodeHistogram, newHistogram, summarize } from '../measure/histogram.js';
import type { Counts, ErrorKind, LatencySummary, Summary } from '../measure/types.js';
import type { Result } from '../report/result.js';
import { mergeTimelines, startOffsetsS } from './timeline.js';
import { mergeAudio } from '../audio/merge.js';

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
  // …and no percentile is above the max (summarize clamps to the decoded, bucket-precise one).
  for (const k of ['min', 'p50', 'p90', 'p95', 'p99', 'p999'] as const) summary[k] = Math.min(summary[k], summary.max);
  return { summary };
}

function mergeCounts(parts: readonly Summary[]): Counts {
  const out: Record<string, number> = {};
  for (const r of parts) for (const [k, v] of Object.entries(r.counts)) out[k] = (out[k] ?? 0) + v;
  return out as unknown as Counts;
}

/** Errors by kind, counts summed, the first sample kept; most frequent first, as measure/ orders them. */
export function mergeErrors(parts: ReadonlyArray<{ errors: ErrorKind[] }>): ErrorKind[] {
  const byKind = new Map<string, ErrorKind>();
  for (const e of parts.flatMap((r) => r.errors)) {
    const seen = byKind.get(e.kind);
    if (seen) seen.count += e.count;
    else byKind.set(e.kind, { ...e });
  }
  return [...byKind.values()].sort((a, b) => b.count - a.count);
}

/**
 * The worst session of all inputs. With global session indices (workers and shards of one plan)
 * the index is kept; otherwise it is offset by the sessions of the inputs before it, so it stays unique.
 */
function worstSession(parts: readonly Summary[], globalIndices: boolean): Summary['worst_session'] {
  let worst: Summary['worst_session'] = null;
  let offset = 0;
  for (const r of parts) {
    const w = r.worst_session;
    if (w && (worst === null || w.p99_ms > worst.p99_ms)) worst = { index: w.index + (globalIndices ? 0 : offset), p99_ms: w.p99_ms };
    offset += r.counts.sessions_started;
  }
  return worst;
}

/** Rates from counts, exactly as the recorder computes them. */
export function ratesFromCounts(c: Counts, measuredS: number): Summary['rates'] {
  const due = c.chunks_due;
  return {
    success_rate: due ? c.chunks_acked / due : 0,
    error_rate: due ? (c.chunks_failed + c.chunks_lost) / due : 0,
    chunks_per_s: measuredS > 0 ? c.chunks_acked / measuredS : 0,
    chunks_per_s_per_session: measuredS > 0 && c.sessions_started ? c.chunks_acked / measuredS / c.sessions_started : 0,
  };
}

export interface MergeOptions {
  /** Whole seconds each part's timeline starts after the earliest one's (default: all 0, one clock). */
  timelineOffsetsS?: readonly number[];
  /** Session indices are global (slices of one plan), so the worst session keeps its index. */
  globalSessionIndices?: boolean;
}

/**
 * The merged measurements. The parts ran side by side, so the measured time is the longest one
 * (not the sum), and the event-loop delay is the worst generator's.
 */
export function mergeMeasurements(parts: readonly Summary[], opts: MergeOptions = {}): { summary: Summary; problems: string[] } {
  const problems: string[] = [];
  const metrics = {} as Summary['metrics'];
  const names = [...new Set(parts.flatMap((r) => Object.keys(r.metrics)))];
  for (const name of names) {
    const merged = mergeMetric(name, parts.map((r) => r.metrics[name as keyof Summary['metrics']]));
    metrics[name as keyof Summary['metrics']] = merged.summary;
    if (merged.problem) problems.push(merged.problem);
  }
  const counts = mergeCounts(parts);
  const measuredS = Math.max(...parts.map((r) => r.measured_s));
  const summary: Summary = {
    metrics,
    counts,
    rates: ratesFromCounts(counts, measuredS),
    errors: mergeErrors(parts),
    worst_session: worstSession(parts, opts.globalSessionIndices === true),
    timeline: mergeTimelines(parts.map((r) => r.timeline), opts.timelineOffsetsS ?? parts.map(() => 0)),
    measured_s: measuredS,
    event_loop_delay_p99_ms: Math.max(...parts.map((r) => r.event_loop_delay_p99_ms)),
  };
  const audio = mergeAudio(parts.map((r) => r.audio));
  if (audio) summary.audio = audio;
  return { summary, problems };
}

/** A result document's measurements. */
export function measurementsOf(r: Result): Summary {
  const { metrics, counts, rates, errors, worst_session, timeline, measured_s, audio } = r;
  return { metrics, counts, rates, errors, worst_session, timeline, measured_s, event_loop_delay_p99_ms: r.generator.event_loop_delay_p99_ms, ...(audio ? { audio } : {}) };
}

/**
 * Merge result documents: timelines aligned by their started_at, session indices global when
 * every input is a shard of one plan.
 */
export function mergeSummaries(results: readonly Result[]): { summary: Summary; problems: string[] } {
  return mergeMeasurements(results.map(measurementsOf), {
    timelineOffsetsS: startOffsetsS(results),
    globalSessionIndices: results.length > 0 && results.every((r) => r.shard),
  });
}
