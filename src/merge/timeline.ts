/**
 * Timelines of side-by-side runs, aligned by wall time: a point's time is its run's started_at
 * plus t_s, so each input is shifted by the whole seconds it started after the earliest one
 * (0 for workers of one run, and for shards sharing a --start-at).
 * Seconds that coincide add their counts, open sessions and histograms, so their percentiles
 * stay exact (for inputs without per-second histograms, the acks-weighted mean of theirs). Pure.
 */
import type { TimelinePoint } from '../measure/types.js';
import type { Result } from '../report/result.js';
import { addEncoded, summarize } from '../measure/histogram.js';
import { combinePoints } from '../report/timeline-jsonl.js';

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

/** One second of the merged timeline; a second only one input has is kept as it is. */
function mergeSecond(t: number, points: TimelinePoint[]): TimelinePoint {
  if (points.length === 1) return points[0];
  const c = combinePoints(t, 1, points);
  const merged: TimelinePoint = {
    t_s: t, chunks_sent: c.chunks_sent, chunks_acked: c.chunks_acked, errors: c.errors, errors_by_kind: c.errors_by_kind,
    p50_ms: c.p50_ms, p95_ms: c.p95_ms, p99_ms: c.p99_ms, sessions_open: points.reduce((a, p) => a + p.sessions_open, 0),
  };
  const withData = points.filter((p) => p.chunks_acked > 0);
  if (withData.length > 0 && withData.every((p) => p.hdr)) merged.hdr = summarize(addEncoded(withData.map((p) => p.hdr as string))).hdr;
  return merged;
}
