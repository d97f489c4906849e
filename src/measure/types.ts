/**
 * Plain data passed from measure/ to evaluate/ and report/.
 * Units live in names: every *_ms value is milliseconds (float), converted once from the
 * integer-microsecond histograms.
 */
import type { AudioSummary } from '../audio/summary.js';

/** Latency metrics recorded in HDR histograms (integer microseconds inside). */
export const LATENCY_METRICS = [
  'chunk_rtt_ms',
  'first_audio_ms',
  'server_latency_ms',
  'send_lag_ms',
  'connect_ms',
  'create_ms',
  'update_rtt_ms',
  'ping_rtt_ms',
] as const;
export type LatencyMetric = (typeof LATENCY_METRICS)[number];

export interface LatencySummary {
  count: number;
  min: number;
  avg: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
  stddev: number;
  /** Compressed base64 encoding of the HDR histogram (microseconds), mergeable later. */
  hdr: string;
}

export type Counts = {
  chunks_due: number;
  chunks_sent: number;
  chunks_acked: number;
  chunks_failed: number;
  chunks_lost: number;
  /** Lost chunks whose reply came after the timeout (still consumed in order). */
  chunks_late: number;
  /** Chunks due while the session had no open socket (counted in chunks_lost too). */
  chunks_unsent: number;
  sessions_started: number;
  sessions_failed: number;
  /** Sessions whose socket was dropped at least once (sockets_dropped counts the drops). */
  sessions_dropped: number;
  /** Sessions that reconnected at least once (reconnects counts the reconnections). */
  sessions_reconnected: number;
  sessions_deleted: number;
  /** Sessions whose DELETE failed: they stay on the server. */
  sessions_not_deleted: number;
  /** Sockets closed by the other side or the network during the run. */
  sockets_dropped: number;
  /** Sockets reopened after a drop, over all sessions. */
  reconnects: number;
  /** Replies whose chunks_processed did not rise by exactly one. */
  sequence_anomalies: number;
  /** update_stage requests (--update-every): sent, answered with config_updated, failed or lost. */
  updates_sent: number;
  updates_acked: number;
  updates_failed: number;
  /** ping requests (--ping-every): sent, answered with pong, failed or lost. */
  pings_sent: number;
  pings_acked: number;
  pings_failed: number;
};

export type Rates = {
  /** acked / due, 0..1 */
  success_rate: number;
  /** (failed + lost) / due, 0..1 */
  error_rate: number;
  /** acked chunks per second over the measured window, all sessions. */
  chunks_per_s: number;
  /** acked chunks per second per started session. */
  chunks_per_s_per_session: number;
};

export interface ErrorKind {
  kind: string;
  count: number;
  sample: string;
}

export interface TimelinePoint {
  /** Seconds since the run's t0 (start of the interval). */
  t_s: number;
  chunks_sent: number;
  chunks_acked: number;
  errors: number;
  errors_by_kind: Record<string, number>;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  sessions_open: number;
  /** Compressed base64 HDR histogram (µs) of this interval's chunk RTTs, for exact windows and merges. */
  hdr?: string;
}

/** Everything measured in one run, before any judgement. */
export interface Summary {
  metrics: Record<LatencyMetric, LatencySummary>;
  counts: Counts;
  rates: Rates;
  errors: ErrorKind[];
  /** p99 chunk RTT of the worst session (fairness), with its index. */
  worst_session: { index: number; p99_ms: number } | null;
  timeline: TimelinePoint[];
  /** Seconds of measured (post-warmup) time. */
  measured_s: number;
  /** Event-loop delay p99 of the generator process, ms. */
  event_loop_delay_p99_ms: number;
  /** The audio check of the returned audio (src/audio/), when sessions were checked. */
  audio?: AudioSummary;
}

/**
 * What any run measured, whatever its metrics are called: a sustained Summary and a batch
 * BatchSummary are both Measurements (latency trends, counters and rates by name, errors, a
 * timeline), so evaluate/ judges and report/ renders either without knowing which it has. A
 * metric a command does not measure is absent, never zero.
 */
export interface Measurements {
  metrics: Readonly<Partial<Record<string, LatencySummary>>>;
  counts: Readonly<Partial<Record<string, number>>>;
  rates: Readonly<Partial<Record<string, number>>>;
  errors: ErrorKind[];
  timeline: TimelinePoint[];
  measured_s: number;
  event_loop_delay_p99_ms: number;
  worst_session?: { index: number; p99_ms: number } | null;
  audio?: AudioSummary;
}

/** Where a run stands, for judging mid-run whether a threshold can still pass. */
export interface RunSoFar {
  /** Chunks the whole run will have due (all sessions, whole measured window). */
  plannedDue: number;
  /** Seconds of the timeline whose chunks are all settled (answered or timed out). */
  settledS: number;
}
