/** The plain data of a `batch` run: what the HTTP load measured, and the judged result document. */
import type { ErrorKind, LatencySummary, TimelinePoint } from '../measure/types.js';
import type { ResultDocument } from '../report/result.js';

/** Which HTTP endpoint is loaded (protocol.md section 3). */
export type Endpoint = { kind: 'process' } | { kind: 'stage'; stage: string } | { kind: 'fft' } | { kind: 'lufs' };

export type BatchCounts = {
  /** Requests that got a response or failed (requests cut off by Ctrl-C are not counted). */
  http_reqs: number;
  /** 2xx without `"success": false`. */
  http_ok: number;
  /** Everything else: non-2xx, `"success": false`, timeouts, no response. */
  http_failed: number;
};

/**
 * Everything measured in one batch run. Shaped like the sustained Summary where the two share
 * names (metrics, counts, rates, errors, timeline), so evaluate/ reads thresholds from either.
 * In the timeline, `chunks_sent` counts requests started and `chunks_acked` requests that succeeded.
 */
export interface BatchSummary {
  metrics: { http_req_ms: LatencySummary; send_lag_ms: LatencySummary };
  counts: BatchCounts;
  /** HTTP status → count; `no response` for timeouts and network errors. */
  status_counts: Record<string, number>;
  rates: { success_rate: number; error_rate: number; http_reqs_per_s: number };
  errors: ErrorKind[];
  timeline: TimelinePoint[];
  measured_s: number;
  event_loop_delay_p99_ms: number;
}

/** The result document of `batch`: the run's summary in the common envelope. */
export type BatchResult = ResultDocument<BatchSummary> & { command: 'batch' };
