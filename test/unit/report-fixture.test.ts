/**
 * Results with real HDR histograms, built the way measure/ builds them, for the report, compare
 * and merge tests. Exports only, no tests (report-schema.test.ts checks these fit the schema).
 */
import { newHistogram, recordMs, summarize, percentileMs } from '../../src/measure/histogram.js';
import { LATENCY_METRICS, type TimelinePoint } from '../../src/measure/types.js';
import type { ThresholdResult } from '../../src/evaluate/check.js';
import type { Result } from '../../src/report/result.js';

/** A deterministic PRNG (mulberry32), so crafted latencies are the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` log-normal-ish latencies around `medianMs` (a long right tail, like real RTTs). */
export function latencies(n: number, medianMs: number, seed = 1, spread = 0.35): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => {
    const z = Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r());
    return medianMs * Math.exp(spread * z);
  });
}

export interface FixtureOptions {
  /** chunk_rtt_ms samples, in ms, in send order: spread evenly over `seconds`. */
  rtt: number[];
  seconds?: number;
  sessions?: number;
  startedAt?: string;
  errors?: Array<{ kind: string; count: number }>;
  thresholds?: ThresholdResult[];
  scenario?: Record<string, unknown>;
  command?: string;
}

function timeline(rtt: number[], seconds: number, sessions: number, errors: FixtureOptions['errors']): TimelinePoint[] {
  const per = Math.ceil(rtt.length / seconds);
  return Array.from({ length: seconds }, (_, t) => {
    const h = newHistogram('compact');
    const slice = rtt.slice(t * per, (t + 1) * per);
    for (const v of slice) recordMs(h, v);
    const byKind = Object.fromEntries((errors ?? []).map((e) => [e.kind, t === 0 ? e.count : 0]).filter(([, n]) => n));
    const nErr = Object.values(byKind).reduce((a: number, b) => a + (b as number), 0);
    return {
      t_s: t, chunks_sent: slice.length + nErr, chunks_acked: slice.length, errors: nErr, errors_by_kind: byKind,
      p50_ms: percentileMs(h, 50), p95_ms: percentileMs(h, 95), p99_ms: percentileMs(h, 99), sessions_open: sessions,
      ...(slice.length ? { hdr: summarize(h).hdr } : {}),
    };
  });
}

/** A complete, schema-valid result whose numbers agree with each other (counts, rates, histograms, timeline). */
export function makeResult(o: FixtureOptions): Result {
  const seconds = o.seconds ?? 10;
  const sessions = o.sessions ?? 4;
  const failed = (o.errors ?? []).reduce((a, e) => a + e.count, 0);
  const metrics = {} as Result['metrics'];
  for (const m of LATENCY_METRICS) {
    const h = newHistogram();
    const values = m === 'chunk_rtt_ms' || m === 'first_audio_ms' ? o.rtt : m === 'connect_ms' || m === 'create_ms' ? [5, 6, 7, 8].slice(0, sessions) : o.rtt.map((v) => v / 10);
    for (const v of values) recordMs(h, v);
    metrics[m] = summarize(h);
  }
  const acked = o.rtt.length;
  const due = acked + failed;
  return {
    schema: 'pipebench/result@1', command: o.command ?? 'sustained', started_at: o.startedAt ?? '2026-01-02T03:04:05.000Z',
    target: { url: 'http://127.0.0.1:9999', embedded: false },
    scenario: { sessions, duration_s: seconds, chunk_ms: 100, sample_rate: 16000, stages: ['vad'], pipeline: 'default', profile: null, ...o.scenario },
    metrics,
    counts: {
      chunks_due: due, chunks_sent: due, chunks_acked: acked, chunks_failed: failed, chunks_lost: 0, chunks_late: 0, chunks_unsent: 0,
      sessions_started: sessions, sessions_failed: 0, sessions_dropped: 0, sessions_reconnected: 0, sessions_deleted: sessions, sequence_anomalies: 0,
    } as Result['counts'],
    rates: { success_rate: acked / due, error_rate: failed / due, chunks_per_s: acked / seconds, chunks_per_s_per_session: acked / seconds / sessions },
    errors: (o.errors ?? []).map((e) => ({ ...e, sample: `${e.kind} <sample> & "quoted"` })),
    worst_session: { index: sessions - 1, p99_ms: metrics.chunk_rtt_ms.p99 * 1.1 },
    timeline: timeline(o.rtt, seconds, sessions, o.errors),
    measured_s: seconds,
    generator: { healthy: true, warnings: [], send_lag_p99_ms: metrics.send_lag_ms.p99, event_loop_delay_p99_ms: 1.5 },
    thresholds: o.thresholds ?? [],
    warnings: [],
    websocket: { extensions: '' },
    verdict: o.thresholds?.some((t) => !t.passed) ? 'fail' : 'pass',
    verdict_reason: 'fixture',
    exit_code: o.thresholds?.some((t) => !t.passed) ? 1 : 0,
    fingerprint: { pipebench: '0.1.0', node: 'v20.19.0', os: 'linux test x64', cpu: 'Test CPU', cpus: 4 },
  };
}
