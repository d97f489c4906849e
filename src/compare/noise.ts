/**
 * How much of a difference between two runs is noise, from the runs' own data.
 *
 * Percentiles: the distribution-free confidence interval of a quantile from order statistics.
 * The number of samples below the true p-quantile is Binomial(n, p), so the 95 % interval runs
 * from the sample of rank n·p − 1.96·√(n·p·(1−p)) to the one of rank n·p + 1.96·√(n·p·(1−p)); the
 * HDR histogram gives the value at any rank, so no sample list is needed. Rates: the normal
 * approximation of the binomial (success/error fractions of chunks due) and of the Poisson count
 * (chunks acked per second). Pure.
 *
 * Caveat, stated in the README: samples of one run are not independent (sessions share a server
 * and a generator), so these intervals understate run-to-run noise; the relative tolerance is
 * what covers that.
 */
import { decodeHistogram, percentileMs } from '../measure/histogram.js';

/** z for a two-sided 95 % interval. */
export const Z95 = 1.96;

/** A value with its 95 % confidence interval. */
export interface Estimate {
  value: number;
  low: number;
  high: number;
  n: number;
}

/**
 * Fewest samples for a meaningful p-th percentile: at least one expected sample above it
 * (100 for p99, 20 for p95) and never fewer than 20.
 */
export function minSamples(percentile: number): number {
  return Math.max(20, Math.ceil(1 / (1 - percentile / 100) - 1e-9));
}

/** The p-th percentile (0 < p < 100) of an encoded histogram with its 95 % order-statistic interval; null when unreadable or empty. */
export function percentileEstimate(encoded: string, percentile: number): Estimate | null {
  let h;
  try {
    h = decodeHistogram(encoded);
  } catch {
    return null;
  }
  const n = h.totalCount;
  if (!n) return null;
  const q = percentile / 100;
  const half = Z95 * Math.sqrt(n * q * (1 - q));
  const rank = (k: number) => Math.min(n, Math.max(1, k));
  const at = (k: number) => percentileMs(h, (100 * rank(k)) / n) ?? 0;
  return { value: percentileMs(h, percentile) ?? 0, low: at(Math.floor(n * q - half)), high: at(Math.ceil(n * q + half)), n };
}

/** A fraction `successes / n` with its 95 % (normal-approximation) interval. */
export function proportionEstimate(successes: number, n: number): Estimate | null {
  if (!(n > 0)) return null;
  const p = successes / n;
  const half = Z95 * Math.sqrt((p * (1 - p)) / n);
  return { value: p, low: Math.max(0, p - half), high: Math.min(1, p + half), n };
}

/** A Poisson rate `count / seconds` with its 95 % (normal-approximation) interval. */
export function rateEstimate(count: number, seconds: number): Estimate | null {
  if (!(seconds > 0)) return null;
  const half = (Z95 * Math.sqrt(count)) / seconds;
  const value = count / seconds;
  return { value, low: Math.max(0, value - half), high: value + half, n: count };
}

/** Do two intervals overlap? Non-overlapping 95 % intervals is a conservative test (about p < 0.006). */
export function overlap(a: Estimate, b: Estimate): boolean {
  return a.low <= b.high && b.low <= a.high;
}
