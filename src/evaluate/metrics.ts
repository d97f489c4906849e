/**
 * The catalogue of metrics a threshold may name, k6-style: each has a kind, and the kind decides
 * which aggregations apply. Reading a value out of a Summary lives here too, so thresholds.ts
 * knows grammar and comparison only.
 *
 * To add a metric (another command's `update_rtt_ms`, `ping_rtt_ms`, `http_req_ms`): add an entry
 * to METRICS. A metric the run's Summary does not carry reads as `null`, which fails its threshold
 * with a note instead of crashing.
 */
import type { Counts, LatencyMetric, LatencySummary, Measurements } from '../measure/types.js';
import { percentileFromHdr } from './hdr.js';

/** trend: latency distribution; rate: fraction 0..1; counter: total count; gauge: one number. */
export type MetricKind = 'trend' | 'rate' | 'counter' | 'gauge';

/** How a metric is reduced to the one number a threshold compares. */
export type Aggregation =
  | { name: 'avg' | 'min' | 'med' | 'max' | 'count' | 'rate' | 'value' }
  | { name: 'p'; percentile: number };

/** The aggregation names each kind accepts, in the order error messages list them. */
export const AGGREGATIONS: Record<MetricKind, readonly string[]> = {
  trend: ['avg', 'min', 'med', 'max', 'p(N)', 'count'],
  rate: ['rate', 'value'],
  counter: ['count', 'rate'],
  gauge: ['value'],
};

/** One metric of the catalogue. `read` defaults by kind (see readRaw). */
export interface MetricSpec {
  kind: MetricKind;
  description: string;
  /** Only for gauges and metrics that live outside metrics/rates/counts. */
  read?: (summary: Measurements) => number | LatencySummary | null | undefined;
}

const TRENDS: Record<LatencyMetric, string> = {
  chunk_rtt_ms: 'chunk due time to its reply (coordinated-omission corrected), ms',
  first_audio_ms: 'chunk due time to its processed_audio reply (first audio back), ms',
  server_latency_ms: 'processing time the server reports (metrics.total_latency), ms',
  send_lag_ms: "how late the generator sent each chunk after its due time, ms",
  connect_ms: 'WebSocket open handshake, ms',
  create_ms: 'session create request (POST .../start), ms',
  update_rtt_ms: 'update_stage due time to its config_updated reply (--update-every), ms',
  ping_rtt_ms: 'ping due time to its pong (--ping-every), ms',
};

const COUNTERS: Record<keyof Counts, string> = {
  chunks_due: 'chunks the schedule called for',
  chunks_sent: 'chunks written to a socket',
  chunks_acked: 'chunks answered with metrics',
  chunks_failed: 'chunks answered with an error reply',
  chunks_lost: 'chunks never answered within the timeout',
  chunks_late: 'lost chunks whose reply came after the timeout',
  chunks_unsent: 'chunks due while the session had no open socket',
  sessions_started: 'sessions created and connected',
  sessions_failed: 'sessions that could not be created or connected',
  sessions_dropped: 'sessions whose socket was dropped during the run (at least once)',
  sessions_reconnected: 'sessions that reconnected after a drop (at least once)',
  sessions_deleted: 'sessions deleted at the end',
  sessions_not_deleted: 'sessions whose DELETE failed: left on the server',
  sockets_dropped: 'sockets dropped during the run, all sessions',
  reconnects: 'sockets reopened after a drop, all sessions',
  sequence_anomalies: 'replies whose chunks_processed did not rise by exactly one',
  updates_sent: 'update_stage requests sent (--update-every)',
  updates_acked: 'update_stage requests answered with config_updated',
  updates_failed: 'update_stage requests answered with an error, timed out or lost in a dropped socket',
  pings_sent: 'pings sent (--ping-every)',
  pings_acked: 'pings answered with pong',
  pings_failed: 'pings answered with an error, timed out or lost in a dropped socket',
};

function entries(kind: MetricKind, descriptions: Record<string, string>): Record<string, MetricSpec> {
  return Object.fromEntries(Object.entries(descriptions).map(([n, d]) => [n, { kind, description: d }]));
}

/** Every metric a threshold may name. */
export const METRICS: Readonly<Record<string, MetricSpec>> = {
  ...entries('trend', TRENDS),
  success_rate: { kind: 'rate', description: 'acked / due, 0..1' },
  error_rate: { kind: 'rate', description: '(failed + lost) / due, 0..1' },
  ...entries('counter', COUNTERS),
  chunks_per_s: { kind: 'gauge', description: 'acked chunks per second, all sessions', read: (s) => s.rates?.chunks_per_s },
  chunks_per_s_per_session: {
    kind: 'gauge',
    description: 'acked chunks per second per started session',
    read: (s) => s.rates?.chunks_per_s_per_session,
  },
  worst_session_p99_ms: {
    kind: 'gauge',
    description: 'p99 chunk RTT of the worst session, ms',
    read: (s) => s.worst_session?.p99_ms,
  },
  event_loop_delay_p99_ms: {
    kind: 'gauge',
    description: "p99 event-loop delay of pipebench's own process, ms",
    read: (s) => s.event_loop_delay_p99_ms,
  },
  // The audio check (--audio-check-sessions): absent, hence "not measured", when no session was checked.
  audio_delay_ms: { kind: 'trend', description: 'delay of the returned audio against the sent audio (cross-correlation per ~1 s window), ms', read: (s) => s.audio?.audio_delay_ms },
  audio_correlation_min: { kind: 'gauge', description: 'lowest correlation peak of a measured window, 0..1 (low: the returned audio is not the sent audio)', read: (s) => s.audio?.audio_correlation?.min },
  audio_length_mismatches: { kind: 'counter', description: 'checked chunks returned with a different sample count than sent', read: (s) => s.audio?.audio_length_mismatches },
  audio_dropouts: { kind: 'counter', description: 'checked chunks returned silent while the audio they carry was not', read: (s) => s.audio?.audio_dropouts },
  audio_clipped_chunks: { kind: 'counter', description: 'checked chunks returned with samples at full scale the sent audio did not have', read: (s) => s.audio?.audio_clipped_chunks },
  audio_rms_dbfs: { kind: 'trend', description: 'RMS level of each checked returned chunk, dBFS (1 dB bins)', read: (s) => s.audio?.audio_rms_dbfs },
  // `batch` (HTTP endpoints): its summary keeps these in metrics/counts/rates like the rest.
  http_req_ms: { kind: 'trend', description: 'batch: scheduled start of a request to the end of its response (coordinated-omission corrected), ms' },
  http_reqs: { kind: 'counter', description: 'batch: requests that got a response or failed' },
  http_ok: { kind: 'counter', description: 'batch: requests answered 2xx without "success": false' },
  http_failed: { kind: 'counter', description: 'batch: requests answered non-2xx or "success": false, timed out, or with no response' },
  http_reqs_per_s: {
    kind: 'gauge',
    description: 'batch: requests completed per second of the run',
    read: (s) => s.rates?.http_reqs_per_s,
  },
};

/** The names of every metric, in catalogue order. */
export const METRIC_NAMES: readonly string[] = Object.keys(METRICS);

/** Render an aggregation as written in an expression: `p(95)`, `avg`. */
export function formatAggregation(agg: Aggregation): string {
  return agg.name === 'p' ? `p(${agg.percentile})` : agg.name;
}

/** A looked-up value, or null with the reason it is missing. */
export interface Measured {
  actual: number | null;
  note?: string;
}

/** Percentiles the Summary carries precomputed; others come from the histogram. */
const STORED_PERCENTILES: Record<number, keyof LatencySummary> = { 50: 'p50', 90: 'p90', 95: 'p95', 99: 'p99', 99.9: 'p999' };

function measureTrend(ls: LatencySummary, agg: Aggregation): Measured {
  if (agg.name === 'count') return { actual: ls.count };
  if (ls.count === 0) return { actual: null, note: 'no samples recorded' };
  switch (agg.name) {
    case 'avg':
    case 'min':
    case 'max':
      return { actual: ls[agg.name] };
    case 'med':
      return { actual: ls.p50 };
    case 'p': {
      const stored = STORED_PERCENTILES[agg.percentile];
      if (stored) return { actual: ls[stored] as number };
      const v = percentileFromHdr(ls.hdr, agg.percentile);
      // A decoded histogram's bucket top can exceed the recorded max: never report above it.
      return v === null ? { actual: null, note: 'histogram missing or unreadable' } : { actual: Math.min(v, ls.max) };
    }
    default:
      return { actual: null, note: `aggregation ${agg.name} does not apply to a trend` };
  }
}

function readRaw(summary: Measurements, metric: string, spec: MetricSpec): number | LatencySummary | null | undefined {
  if (spec.read) return spec.read(summary);
  // Indexed by string on purpose: a metric another command adds may be absent from this Summary.
  const bag = (spec.kind === 'trend' ? summary.metrics : spec.kind === 'rate' ? summary.rates : summary.counts) as
    | Record<string, number | LatencySummary | undefined>
    | undefined;
  return bag?.[metric];
}

/** Read one metric under one aggregation, saying why when there is no value. */
export function measureMetric(summary: Measurements, metric: string, agg: Aggregation): Measured {
  const spec = Object.hasOwn(METRICS, metric) ? METRICS[metric] : undefined;
  if (!spec) return { actual: null, note: `unknown metric ${metric}` };
  const raw = readRaw(summary, metric, spec);
  if (raw === undefined || raw === null) return { actual: null, note: `${metric} was not measured in this run` };
  if (typeof raw === 'object') return measureTrend(raw, agg);
  if (spec.kind === 'counter' && agg.name === 'rate') {
    if (!(summary.measured_s > 0)) return { actual: null, note: 'no measured time to compute a rate over' };
    return { actual: raw / summary.measured_s };
  }
  if (!AGGREGATIONS[spec.kind].includes(agg.name)) {
    return { actual: null, note: `aggregation ${formatAggregation(agg)} does not apply to a ${spec.kind}` };
  }
  return { actual: raw };
}

/** The value of `metric` under `agg` in this run, or null when the run did not measure it. */
export function lookupMetric(summary: Measurements, metric: string, agg: Aggregation): number | null {
  return measureMetric(summary, metric, agg).actual;
}
