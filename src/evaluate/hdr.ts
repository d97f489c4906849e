/**
 * The only evaluate/ file that imports hdr-histogram-js: thresholds may ask for any percentile,
 * and a Summary precomputes only p50/p90/p95/p99/p99.9, so the rest come from the histogram it
 * carries. The JS build is used (no WebAssembly), so nothing needs destroy().
 */
import * as hdr from 'hdr-histogram-js';

/**
 * The `percentile` (0 < p <= 100) of a compressed base64 histogram of integer microseconds,
 * in milliseconds; null when the string is empty, unreadable or the histogram holds no values.
 */
export function percentileFromHdr(encoded: string, percentile: number): number | null {
  if (!encoded) return null;
  let histogram: hdr.Histogram;
  try {
    histogram = hdr.decodeFromCompressedBase64(encoded);
  } catch {
    return null;
  }
  if (histogram.totalCount === 0) return null;
  return histogram.getValueAtPercentile(percentile) / 1000;
}
