/**
 * The only module that imports hdr-histogram-js. Histograms hold integer microseconds;
 * summaries come out in milliseconds.
 */
import * as hdr from 'hdr-histogram-js';
import type { LatencySummary } from './types.js';

export type Histogram = hdr.Histogram;

/**
 * `full`: 3 significant digits for run-wide metrics; `compact`: 2 digits for per-session and
 * per-interval ones (a few KB each). Both use plain 32-bit buckets: the packed layout saves
 * memory but cost ~8 % of the client's CPU per chunk when it was used here.
 */
export function newHistogram(kind: 'full' | 'compact' = 'full'): Histogram {
  return hdr.build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 2,
    numberOfSignificantValueDigits: kind === 'full' ? 3 : 2,
    useWebAssembly: false,
  });
}

/** Record a latency given in (fractional) milliseconds; negatives clamp to 0. */
export function recordMs(h: Histogram, ms: number): void {
  h.recordValue(ms > 0 ? Math.round(ms * 1000) : 0);
}

const us = (v: number) => v / 1000;
const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** Millisecond summary of a histogram, with its compressed base64 encoding unless `withHdr` is false. */
/**
 * The value at a percentile, never above the largest value recorded: HDR answers with the top of
 * the value's bucket, which can exceed the maximum (a p99.9 of 75.071 ms with a max of 75.014).
 */
function valueAt(h: Histogram, p: number): number {
  return Math.min(h.getValueAtPercentile(p), h.maxValue);
}

export function summarize(h: Histogram, withHdr = true): LatencySummary {
  const n = h.totalCount;
  const at = (p: number) => (n ? round3(us(valueAt(h, p))) : 0);
  return {
    count: n,
    min: n ? round3(us(valueAt(h, 0))) : 0,
    avg: n ? round3(us(h.mean)) : 0,
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    p999: at(99.9),
    max: n ? round3(us(h.maxValue)) : 0,
    stddev: n ? round3(us(h.stdDeviation)) : 0,
    hdr: withHdr ? hdr.encodeIntoCompressedBase64(h) : '',
  };
}

/** Value at a percentile in ms, or null for an empty histogram. */
export function percentileMs(h: Histogram, p: number): number | null {
  return h.totalCount ? round3(us(valueAt(h, p))) : null;
}

/** Compressed base64 of a histogram (for per-interval timelines). */
export function encodeHistogram(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

/** Add several encoded histograms into one (exact merge), for windows and merged runs. */
export function addEncoded(encoded: readonly string[]): Histogram {
  const total = newHistogram('full');
  for (const e of encoded) total.add(decodeHistogram(e));
  return total;
}

/** Decode a histogram written by `summarize` (for merging, comparing, extra percentiles). */
export function decodeHistogram(base64: string): Histogram {
  return hdr.decodeFromCompressedBase64(base64, 32, false);
}
