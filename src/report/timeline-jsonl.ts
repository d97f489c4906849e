/**
 * `--timeline FILE`: the run's timeline as JSON Lines, one record per interval, for plotting
 * tools and log pipelines. The result keeps one point per second; a longer `--interval` sums
 * the counts and computes each percentile the way windowed thresholds do (evaluate/window.ts):
 * exact from the seconds' histograms, or their acks-weighted mean for results without them.
 * Records leave the histograms out. Pure.
 */
import type { TimelinePoint } from '../measure/types.js';
import type { ResultDocument } from './result.js';
import { windowValues } from '../evaluate/window.js';

/** One JSON Lines record. Rates are per second of the interval. */
export interface TimelineRecord {
  /** Start of the interval, seconds from the start of the measured window (as in the result's timeline). */
  t_s: number;
  interval_s: number;
  chunks_sent: number;
  chunks_acked: number;
  chunks_sent_per_s: number;
  chunks_acked_per_s: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  errors: number;
  errors_by_kind: Record<string, number>;
  sessions_open: number;
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/**
 * One interval's percentile from its seconds, as windowed thresholds compute it (evaluate/window.ts:
 * exact from the seconds' histograms when they carry them, else their acks-weighted mean); a
 * single second keeps its own value.
 */
function percentile(points: readonly TimelinePoint[], field: 'p50_ms' | 'p95_ms' | 'p99_ms'): number | null {
  if (points.length === 1) return points[0][field];
  const span = points.length ? points[points.length - 1].t_s - points[0].t_s + 1 : 1;
  const value = windowValues(points, field, span).values[0]?.value;
  return value === undefined ? null : round3(value);
}

/** Sum `errors_by_kind` maps. */
export function addKinds(into: Record<string, number>, from: Readonly<Record<string, number>>): Record<string, number> {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
  return into;
}

/** Combine consecutive seconds into one interval record (percentiles approximated, see above). */
export function combinePoints(tS: number, intervalS: number, points: readonly TimelinePoint[]): TimelineRecord {
  const sent = points.reduce((a, p) => a + p.chunks_sent, 0);
  const acked = points.reduce((a, p) => a + p.chunks_acked, 0);
  return {
    t_s: tS,
    interval_s: intervalS,
    chunks_sent: sent,
    chunks_acked: acked,
    chunks_sent_per_s: round3(sent / intervalS),
    chunks_acked_per_s: round3(acked / intervalS),
    p50_ms: percentile(points, 'p50_ms'),
    p95_ms: percentile(points, 'p95_ms'),
    p99_ms: percentile(points, 'p99_ms'),
    errors: points.reduce((a, p) => a + p.errors, 0),
    errors_by_kind: points.reduce((acc, p) => addKinds(acc, p.errors_by_kind ?? {}), {} as Record<string, number>),
    sessions_open: points.reduce((a, p) => Math.max(a, p.sessions_open), 0),
  };
}

/**
 * The timeline in intervals of `intervalS` whole seconds (1 = as recorded); empty intervals are kept
 * as zeros, and a last, shorter interval says so in `interval_s` so its rates stay per second.
 */
export function aggregateTimeline(timeline: readonly TimelinePoint[], intervalS = 1): TimelineRecord[] {
  if (timeline.length === 0) return [];
  const sorted = [...timeline].sort((a, b) => a.t_s - b.t_s);
  const first = Math.floor(sorted[0].t_s / intervalS) * intervalS;
  // Points are per second: the timeline ends one second after the last point's start.
  const end = sorted[sorted.length - 1].t_s + 1;
  const out: TimelineRecord[] = [];
  for (let t = first; t < end; t += intervalS) {
    const inside = sorted.filter((p) => p.t_s >= t && p.t_s < t + intervalS);
    out.push(combinePoints(t, Math.min(intervalS, end - t), inside));
  }
  return out;
}

/** JSON Lines text: one record per interval, newline-terminated. */
export function renderTimelineJsonl(r: ResultDocument, opts: { intervalS?: number } = {}): string {
  return aggregateTimeline(r.timeline, opts.intervalS ?? 1)
    .map((rec) => `${JSON.stringify(rec)}\n`)
    .join('');
}
