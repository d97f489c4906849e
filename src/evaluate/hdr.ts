/**
 * Any percentile of a stored histogram: a Summary precomputes only p50/p90/p95/p99/p99.9, so
 * thresholds asking for others decode the histogram it carries (through measure/histogram.ts,
 * the one module that imports hdr-histogram-js).
 */
import { decodeHistogram, percentileMs } from '../measure/histogram.js';

/**
 * The `percentile` (0 < p <= 100) of a compressed base64 histogram of integer microseconds,
 * in milliseconds; null when the string is empty, unreadable or the histogram holds no values.
 */
export function percentileFromHdr(encoded: string, percentile: number): number | null {
  if (!encoded) return null;
  try {
    return percentileMs(decodeHistogram(encoded), percentile);
  } catch {
    return null;
  }
}
