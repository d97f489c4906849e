/**
 * Windowed thresholds (`p(99) < 300 over 10s`), evaluated on the Summary's per-second timeline.
 *
 * Each timeline point carries its interval's HDR histogram, so a window's percentile is exact:
 * the histograms of its seconds are added and the percentile read from the sum. Timelines
 * without histograms (older or hand-made results) fall back to the mean of the seconds'
 * percentiles weighted by chunks acked, which lies between the smallest and largest of them.
 * Windows slide by one second and hold whole seconds only; the worst window decides.
 */
import { addEncoded, percentileMs } from '../measure/histogram.js';
import type { TimelinePoint } from '../measure/types.js';
import type { Aggregation } from './metrics.js';

export type PercentileField = 'p50_ms' | 'p95_ms' | 'p99_ms';

/** Metric → percentile → timeline field: the only (metric, aggregation) pairs that take windows. */
export const WINDOWED: Readonly<Record<string, Readonly<Record<number, PercentileField>>>> = {
  chunk_rtt_ms: { 50: 'p50_ms', 95: 'p95_ms', 99: 'p99_ms' },
};

/** Human list of what supports windows, for error messages. */
export const WINDOWED_TEXT = 'chunk_rtt_ms with p(50), p(95) or p(99)';

/** The timeline field a windowed threshold reads, or undefined when windows are not supported. */
export function windowField(metric: string, agg: Aggregation): PercentileField | undefined {
  if (agg.name !== 'p' || !Object.hasOwn(WINDOWED, metric) || !Object.hasOwn(WINDOWED[metric], agg.percentile)) return undefined;
  return WINDOWED[metric][agg.percentile];
}

/** One window's approximate value; `t_s` is the start of its first second. */
export interface WindowValue {
  t_s: number;
  value: number;
}

/** All windows with data, and whether the run was shorter than one window. */
export interface Windows {
  values: WindowValue[];
  /** True when the timeline spans less than `windowS`: one window covers all of it. */
  shorterThanWindow: boolean;
}

const PERCENTILE: Record<PercentileField, number> = { p50_ms: 50, p95_ms: 95, p99_ms: 99 };

/** The window's value: exact from its histograms when every point with data has one. */
export function windowValue(points: TimelinePoint[], field: PercentileField): number | null {
  const withData = points.filter((p) => p.chunks_acked > 0);
  if (withData.length > 0 && withData.every((p) => p.hdr)) {
    return percentileMs(addEncoded(withData.map((p) => p.hdr as string)), PERCENTILE[field]);
  }
  return weightedMean(points, field);
}

function weightedMean(points: TimelinePoint[], field: PercentileField): number | null {
  let sum = 0;
  let weight = 0;
  for (const p of points) {
    const v = p[field];
    if (v === null || !(p.chunks_acked > 0)) continue;
    sum += v * p.chunks_acked;
    weight += p.chunks_acked;
  }
  return weight > 0 ? sum / weight : null;
}

/** Slide a `windowS`-second window over the timeline and approximate `field` in each. */
export function windowValues(timeline: readonly TimelinePoint[], field: PercentileField, windowS: number): Windows {
  const points = [...timeline].sort((a, b) => a.t_s - b.t_s);
  if (points.length === 0) return { values: [], shorterThanWindow: false };
  const end = points[points.length - 1].t_s + 1;
  const starts = points.filter((p) => p.t_s + windowS <= end).map((p) => p.t_s);
  const shorterThanWindow = starts.length === 0;
  if (shorterThanWindow) starts.push(points[0].t_s);
  const values: WindowValue[] = [];
  for (const t of starts) {
    const value = windowValue(
      points.filter((p) => p.t_s >= t && p.t_s < t + windowS),
      field,
    );
    if (value !== null) values.push({ t_s: t, value });
  }
  return { values, shorterThanWindow };
}
