/**
 * The only module that imports hdr-histogram-js. Histograms hold integer microseconds;
 * summaries come out in milliseconds.
 *
 * It imports the package's JavaScript histogram and its encoding, not the package's index: the
 * index also loads the log reader and writer (whose module creates an Intl.NumberFormat: 10 ms of
 * CPU) and the WebAssembly build, 13 ms of every run's start for code pipebench never calls.
 */
import { JsHistogram } from 'hdr-histogram-js/dist/JsHistogram.js';
import { constructorFromBucketSize } from 'hdr-histogram-js/dist/JsHistogramFactory.js';
// Also gives JsHistogram its encodeIntoCompressedBase64 method.
import { decompress, doDecode } from 'hdr-histogram-js/dist/JsHistogram.encoding.js';
import type { LatencySummary } from './types.js';

export type Histogram = JsHistogram;

const Int32Histogram = constructorFromBucketSize(32);

/**
 * `full`: 3 significant digits for run-wide metrics; `compact`: 2 digits for per-session and
 * per-interval ones (a few KB each). Both use plain 32-bit buckets: the packed layout saves
 * memory but cost ~8 % of the client's CPU per chunk when it was used here.
 */
export function newHistogram(kind: 'full' | 'compact' = 'full'): Histogram {
  // Discernible from 1 µs, growing its range as larger values arrive.
  const h = new Int32Histogram(1, 2, kind === 'full' ? 3 : 2);
  h.autoResize = true;
  return h;
}

/** Record a latency given in (fractional) milliseconds; negatives clamp to 0. */
export function recordMs(h: Histogram, ms: number): void {
  h.recordValue(ms > 0 ? Math.round(ms * 1000) : 0);
}

const us = (v: number) => v / 1000;
const round3 = (v: number) => Math.round(v * 1000) / 1000;

/**
 * The count of values a percentile stands for, computed as hdr-histogram-js's
 * getValueAtPercentile does: the fractional count less one ulp (so floating-point error cannot skip
 * a count), rounded up, at least 1. Its ulp helper is not exported; this is the same expression.
 */
function countAtPercentile(p: number, total: number): number {
  const fp = (Math.min(p, 100) / 100) * total;
  return Math.max(Math.ceil(fp - Math.pow(2, Math.floor(Math.log2(fp)) - 52)), 1);
}

interface Walk {
  /** The value at each requested percentile, in microseconds, before the clamp to the maximum. */
  at: number[];
  mean: number;
  stddev: number;
}

/**
 * What summaries need from a histogram, in one pass over its counts (lowest bucket first, up to the
 * bucket that completes the total count; up to the last percentile's bucket without `moments`).
 * Each figure is the one hdr-histogram-js computes, to the last bit, by walking the counts once per
 * figure:
 * - a percentile's value is that of the first bucket whose running count reaches the percentile's
 *   count: the top of its range (highestEquivalentValue), or its bottom for percentile 0;
 * - the mean and standard deviation weigh each non-empty bucket's median (medianEquivalentValue of
 *   its highestEquivalentValue, as hdr's iterator reports it) by its count, summed in bucket order.
 * `percentiles` must not decrease (their counts then do not either). The pass notes only bucket
 * indices and counts; values are worked out after it, from the buckets it noted (with hdr's value
 * arithmetic inside the loop, V8 ran the loop several times slower).
 */
function walk(h: Histogram, percentiles: readonly number[], moments: boolean): Walk {
  const total = h.totalCount;
  const targets = percentiles.map((p) => countAtPercentile(p, total));
  const n = targets.length;
  const hit = new Array<number>(n).fill(-1);
  let k = 0;
  let next = n ? targets[0] : Infinity; // NaN (a NaN or negative percentile) is never reached: 0, as in hdr
  let cum = 0;
  const nonEmpty: number[] = [];
  const counts: number[] = [];
  // Two loops, so that the percentiles-only one (a p99 per session) does no more per bucket than hdr's.
  if (moments) {
    for (let i = 0, length = h.countsArrayLength; i < length && cum < total; i++) {
      const c = h.getCountAtIndex(i);
      if (c === 0) continue;
      cum += c;
      for (; cum >= next; next = k < n ? targets[k] : Infinity) hit[k++] = i;
      nonEmpty.push(i);
      counts.push(c);
    }
  } else {
    for (let i = 0, length = h.countsArrayLength; i < length && k < n; i++) {
      cum += h.getCountAtIndex(i);
      for (; cum >= next; next = k < n ? targets[k] : Infinity) hit[k++] = i;
    }
  }
  const at = hit.map((i, j) => {
    if (i < 0) return 0;
    const v = h.valueFromIndex(i);
    return percentiles[j] === 0 ? h.lowestEquivalentValue(v) : h.highestEquivalentValue(v);
  });
  if (!moments || total === 0) return { at, mean: 0, stddev: 0 };
  const medians = nonEmpty.map((i) => h.medianEquivalentValue(h.highestEquivalentValue(h.valueFromIndex(i))));
  let sum = 0;
  for (let j = 0; j < medians.length; j++) sum += medians[j] * counts[j];
  const mean = sum / total;
  let deviations = 0;
  for (let j = 0; j < medians.length; j++) {
    const d = medians[j] - mean;
    deviations += d * d * counts[j];
  }
  return { at, mean, stddev: Math.sqrt(deviations / total) };
}

/**
 * A percentile's value, never above the largest value recorded: HDR answers with the top of the
 * value's bucket, which can exceed the maximum (a p99.9 of 75.071 ms with a max of 75.014).
 */
const valueAt = (h: Histogram, atUs: number) => Math.min(atUs, h.maxValue);

/** min (percentile 0), then the summary's percentiles, in LatencySummary's order. */
const SUMMARY_PERCENTILES = [0, 50, 90, 95, 99, 99.9] as const;

/** Millisecond summary of a histogram, with its compressed base64 encoding unless `withHdr` is false. */
export function summarize(h: Histogram, withHdr = true): LatencySummary {
  const n = h.totalCount;
  const w = n ? walk(h, SUMMARY_PERCENTILES, true) : null;
  const at = (k: number) => (w ? round3(us(valueAt(h, w.at[k]))) : 0);
  return {
    count: n,
    min: at(0),
    avg: w ? round3(us(w.mean)) : 0,
    p50: at(1),
    p90: at(2),
    p95: at(3),
    p99: at(4),
    p999: at(5),
    max: n ? round3(us(h.maxValue)) : 0,
    stddev: w ? round3(us(w.stddev)) : 0,
    hdr: withHdr ? h.encodeIntoCompressedBase64() : '',
  };
}

/** Value at a percentile in ms, or null for an empty histogram. */
export function percentileMs(h: Histogram, p: number): number | null {
  return h.totalCount ? round3(us(valueAt(h, walk(h, [p], false).at[0]))) : null;
}

/**
 * Values at several percentiles in ms (nulls for an empty histogram): one walk of its counts when
 * they increase from 0 or more (as the summaries' and timelines' do), else one walk each.
 */
export function percentilesMs(h: Histogram, ps: readonly number[]): Array<number | null> {
  if (!h.totalCount) return ps.map(() => null);
  const oneWalk = ps.every((p, k) => p >= 0 && (k === 0 || p >= ps[k - 1]));
  const at = oneWalk ? walk(h, ps, false).at : ps.map((p) => walk(h, [p], false).at[0]);
  return at.map((v) => round3(us(valueAt(h, v))));
}

/** Compressed base64 of a histogram (for per-interval timelines). */
export function encodeHistogram(h: Histogram): string {
  return h.encodeIntoCompressedBase64();
}

/** Add several encoded histograms into one (exact merge), for windows and merged runs. */
export function addEncoded(encoded: readonly string[]): Histogram {
  const total = newHistogram('full');
  for (const e of encoded) total.add(decodeHistogram(e));
  return total;
}

/** Decode a histogram written by `summarize` (for merging, comparing, extra percentiles). */
export function decodeHistogram(base64: string): Histogram {
  return doDecode(decompress(Buffer.from(base64.trim(), 'base64')), 32);
}
