/**
 * The reference for the one-pass summaries: src/measure/histogram.ts before the one-pass walk,
 * which asked hdr-histogram-js for each figure with a walk of its own. The equivalence test checks
 * the new code against it to the last digit; bench/summary-cost.js times the two side by side.
 */
import { encodeHistogram, type Histogram } from '../../src/measure/histogram.js';
import type { LatencySummary } from '../../src/measure/types.js';

const us = (v: number) => v / 1000;
const round3 = (v: number) => Math.round(v * 1000) / 1000;
const refValueAt = (h: Histogram, p: number) => Math.min(h.getValueAtPercentile(p), h.maxValue);

export const refPercentileMs = (h: Histogram, p: number): number | null => (h.totalCount ? round3(us(refValueAt(h, p))) : null);

export function refSummarize(h: Histogram, withHdr = true): LatencySummary {
  const n = h.totalCount;
  const at = (p: number) => (n ? round3(us(refValueAt(h, p))) : 0);
  return {
    count: n, min: n ? round3(us(refValueAt(h, 0))) : 0, avg: n ? round3(us(h.mean)) : 0,
    p50: at(50), p90: at(90), p95: at(95), p99: at(99), p999: at(99.9),
    max: n ? round3(us(h.maxValue)) : 0, stddev: n ? round3(us(h.stdDeviation)) : 0,
    hdr: withHdr ? encodeHistogram(h) : '',
  };
}
