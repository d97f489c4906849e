/**
 * Timelines of side-by-side runs, aligned by wall time: a point's time is its run's started_at
 * plus t_s, so each input is shifted by the whole seconds it started after the earliest one
 * (0 for workers of one run, and for shards sharing a --start-at).
 * Seconds that coincide add their counts, open sessions and histograms, so their percentiles
 * stay exact (for inputs without per-second histograms, the acks-weighted mean of theirs). Pure.
 */
import type { TimelinePoint } from '../measure/types.js';
import type { Result } from '../report/result.js';
import { addEncoded, encodeHistogram, percentileMs } from '../measure/histogram.js';
import { addKinds, combinePoints } from '../report/timeline-jsonl.js';

/** Whole seconds each result started after the earliest one. */
export function startOffsetsS(results: readonly Result[]): number[] {
  const starts = results.map((r) => Date.parse(r.started_at));
  const first = Math.min(...starts);
  return starts.map((s) => Math.round((s - first) / 1000));
}

/** One timeline for all inputs, one point per second from the earliest start, gaps filled with zeros. */
export function mergeTimelines(timelines: ReadonlyArray<readonly TimelinePoint[]>, offsetsS: readonly number[]): TimelinePoint[] {
  const bySecond = new Map<number, TimelinePoint[]>();
  timelines.forEach((timeline, i) => {
    for (const p of timeline) {
      const t = p.t_s + offsetsS[i];
      bySecond.set(t, [...(bySecond.get(t) ?? []), { ...p, t_s: t }]);
    }
  });
  if (bySecond.size === 0) return [];
  const seconds = [...bySecond.keys()];
  const out: TimelinePoint[] = [];
  for (let t = Math.min(...seconds); t <= Math.max(...seconds); t++) out.push(mergeSecond(t, bySecond.get(t) ?? []));
  return out;
}

/**
 * One second of the merged timeline; a second only one input has is kept as it is. With
 * histograms, each input's is decoded once and the percentiles read from their sum (the values
 * windowed thresholds compute); decoding is what a merge of many workers or a long run costs.
 */
function mergeSecond(t: number, points: TimelinePoint[]): TimelinePoint {
  if (points.length === 1) return points[0];
  const withData = points.filter((p) => p.chunks_acked > 0);
  const exact = withData.length > 0 && withData.every((p) => p.hdr);
  const c = combinePoints(t, 1, exact ? [] : points);
  const sum = exact ? addEncoded(withData.map((p) => p.hdr as string)) : null;
  const merged: TimelinePoint = {
    t_s: t, chunks_sent: points.reduce((a, p) => a + p.chunks_sent, 0), chunks_acked: points.reduce((a, p) => a + p.chunks_acked, 0),
    errors: points.reduce((a, p) => a + p.errors, 0), errors_by_kind: points.reduce((acc, p) => addKinds(acc, p.errors_by_kind ?? {}), {} as Record<string, number>),
    p50_ms: sum ? percentileMs(sum, 50) : c.p50_ms, p95_ms: sum ? percentileMs(sum, 95) : c.p95_ms, p99_ms: sum ? percentileMs(sum, 99) : c.p99_ms,
    sessions_open: points.reduce((a, p) => a + p.sessions_open, 0),
  };
  if (sum) merged.hdr = encodeHistogram(sum);
  return merged;
}
