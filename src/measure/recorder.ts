/**
 * Turns load events into numbers: the LoadSink that load/ reports to. Only chunks due inside the
 * measured window [measureStartMs, endMs) are counted. Times are ms on the run's monotonic clock.
 */
import type { LoadSink } from '../load/sink.js';
import { newHistogram, percentileMs, recordMs, summarize, type Histogram } from './histogram.js';
import { LATENCY_METRICS, type Counts, type ErrorKind, type LatencyMetric, type Summary } from './types.js';
import { Timeline } from './timeline.js';

export interface RecorderOptions {
  sessions: number;
  /** The measured window; set later by `clockStarted` when absent (nothing is measured before). */
  measureStartMs?: number;
  endMs?: number;
  /** Timeline interval; 1000 ms by default. */
  intervalMs?: number;
  /**
   * Closed pacing: a chunk lost by timeout also counts as a round trip of this many ms (the time
   * the session waited before its next chunk). Absent (open pacing): timeouts are not round trips.
   */
  timeoutRttMs?: number;
}

/** A snapshot for the progress line. */
export interface LiveStats {
  sessionsOpen: number;
  acked: number;
  errors: number;
  p99Ms: number | null;
}

function zeroCounts(): Counts {
  return {
    chunks_due: 0, chunks_sent: 0, chunks_acked: 0, chunks_failed: 0, chunks_lost: 0, chunks_late: 0,
    chunks_unsent: 0, sessions_started: 0, sessions_failed: 0, sessions_dropped: 0,
    sessions_reconnected: 0, sessions_deleted: 0, sessions_not_deleted: 0, sockets_dropped: 0, reconnects: 0,
    sequence_anomalies: 0,
    updates_sent: 0, updates_acked: 0, updates_failed: 0, pings_sent: 0, pings_acked: 0, pings_failed: 0,
  };
}

export class Recorder implements LoadSink {
  readonly counts: Counts = zeroCounts();
  private readonly hist = {} as Record<LatencyMetric, Histogram>;
  private readonly perSession: Histogram[] = [];
  private readonly errors = new Map<string, ErrorKind>();
  private timeline: Timeline;
  private measureStartMs: number;
  private endMs: number;
  private open = 0;
  private liveP99: number | null = null;
  private liveP99At = -Infinity;
  /** Sessions (global index) seen dropping / reconnecting, so each counts once in sessions_*. */
  private readonly dropped = new Set<number>();
  private readonly reconnected = new Set<number>();

  constructor(private readonly opts: RecorderOptions) {
    for (const m of LATENCY_METRICS) this.hist[m] = newHistogram('full');
    this.measureStartMs = opts.measureStartMs ?? Infinity;
    this.endMs = opts.endMs ?? -Infinity;
    this.timeline = new Timeline(opts.measureStartMs ?? 0, opts.intervalMs ?? 1000);
  }

  clockStarted(_t0: number, measureStartMs: number, endMs: number): void {
    this.measureStartMs = measureStartMs;
    this.endMs = endMs;
    this.timeline = new Timeline(measureStartMs, this.opts.intervalMs ?? 1000);
  }

  /** Whether a chunk due at `due` belongs to the measured window. */
  measured(due: number): boolean {
    return due >= this.measureStartMs && due < this.endMs;
  }

  chunkSent(_session: number, _seq: number, due: number, now: number): void {
    if (!this.measured(due)) return;
    this.counts.chunks_due++;
    this.counts.chunks_sent++;
    recordMs(this.hist.send_lag_ms, now - due);
    this.timeline.sent(due, this.open);
  }

  /** A chunk fell due while the session had no open socket: due and lost at once. */
  chunkUnsent(_session: number, _seq: number, due: number, reason: string): void {
    if (!this.measured(due)) return;
    this.counts.chunks_due++;
    this.counts.chunks_unsent++;
    this.counts.chunks_lost++;
    this.error('chunk not sent', reason);
    this.timeline.error(due, 'chunk not sent');
  }

  chunkAcked(session: number, _seq: number, due: number, now: number, serverLatencyMs: number | null): void {
    if (!this.measured(due)) return;
    this.counts.chunks_acked++;
    const rtt = now - due;
    recordMs(this.hist.chunk_rtt_ms, rtt);
    if (serverLatencyMs !== null) recordMs(this.hist.server_latency_ms, serverLatencyMs);
    (this.perSession[session] ??= newHistogram('compact'));
    recordMs(this.perSession[session], rtt);
    this.timeline.acked(due, rtt);
  }

  chunkAudio(_session: number, _seq: number, due: number, now: number): void {
    if (this.measured(due)) recordMs(this.hist.first_audio_ms, now - due);
  }

  chunkFailed(_session: number, _seq: number, due: number, kind: string, message: string): void {
    if (!this.measured(due)) return;
    this.counts.chunks_failed++;
    this.error(kind, message);
    this.timeline.error(due, kind);
  }

  /** No reply within the chunk timeout, or the socket dropped with the chunk in flight. */
  chunkLost(session: number, _seq: number, due: number, kind: string, message: string): void {
    if (!this.measured(due)) return;
    this.counts.chunks_lost++;
    if (kind === 'timeout' && this.opts.timeoutRttMs !== undefined) {
      recordMs(this.hist.chunk_rtt_ms, this.opts.timeoutRttMs);
      recordMs((this.perSession[session] ??= newHistogram('compact')), this.opts.timeoutRttMs);
    }
    this.error(kind, message);
    this.timeline.error(due, kind);
  }

  /** A reply arrived for a chunk already counted lost by timeout. */
  lateReply(_session: number, _seq: number, due: number): void {
    if (this.measured(due)) this.counts.chunks_late++;
  }

  /** An update_stage or ping went out (`--update-every`, `--ping-every`). */
  requestSent(kind: 'update' | 'ping', due: number): void {
    if (!this.measured(due)) return;
    if (kind === 'update') this.counts.updates_sent++;
    else this.counts.pings_sent++;
  }

  /** Its terminal reply (config_updated / pong), or a failure: error reply, timeout, drop. */
  requestDone(kind: 'update' | 'ping', due: number, now: number, failure?: { kind: string; message: string }): void {
    if (!this.measured(due)) return;
    const c = this.counts;
    if (failure) {
      if (kind === 'update') c.updates_failed++;
      else c.pings_failed++;
      this.error(`${kind}: ${failure.kind}`, failure.message);
      return;
    }
    if (kind === 'update') c.updates_acked++;
    else c.pings_acked++;
    recordMs(kind === 'update' ? this.hist.update_rtt_ms : this.hist.ping_rtt_ms, now - due);
  }

  sequenceAnomaly(_session: number, message: string): void {
    this.counts.sequence_anomalies++;
    this.error('chunks_processed out of sequence', message);
  }

  sessionCreated(ms: number): void {
    recordMs(this.hist.create_ms, ms);
  }

  sessionFailed(kind: string, message: string): void {
    this.counts.sessions_failed++;
    this.error(kind, message);
  }

  /** A socket opened: the first one of a session (started) or a reconnect. `session` tells sessions apart. */
  socketOpened(connectMs: number, reconnect: boolean, session = -1): void {
    recordMs(this.hist.connect_ms, connectMs);
    this.open++;
    if (!reconnect) {
      this.counts.sessions_started++;
      return;
    }
    this.counts.reconnects++;
    if (!this.reconnected.has(session) || session < 0) this.counts.sessions_reconnected++;
    this.reconnected.add(session);
  }

  socketClosed(dropped: boolean, reason: string, session = -1): void {
    this.open = Math.max(0, this.open - 1);
    if (!dropped) return;
    this.counts.sockets_dropped++;
    if (!this.dropped.has(session) || session < 0) this.counts.sessions_dropped++;
    this.dropped.add(session);
    this.error('socket dropped', reason);
  }

  sessionDeleted(): void {
    this.counts.sessions_deleted++;
  }

  /** Chunks the plan made due for sessions that never started: due and lost at once. */
  chunksNeverSent(count: number, kind: string, message: string): void {
    this.counts.chunks_due += count;
    this.counts.chunks_lost += count;
    this.error(kind, message);
    const e = this.errors.get(kind);
    if (e) e.count += count - 1;
  }

  /** The session's DELETE failed: it stays on the server (reported, and gated by the shipped profiles). */
  sessionNotDeleted(message: string): void {
    this.counts.sessions_not_deleted++;
    this.error('delete failed', message);
  }

  /** Count an error by kind, keeping the first message as a sample. */
  error(kind: string, message: string): void {
    const e = this.errors.get(kind);
    if (e) e.count++;
    else this.errors.set(kind, { kind, count: 1, sample: message.slice(0, 300) });
  }

  /**
   * A snapshot for the progress line. The p99 walks the whole RTT histogram, so it is refreshed
   * only when `nowMs` has moved a second past the last walk (progress asks 4 times a second).
   */
  live(nowMs = Infinity): LiveStats {
    const c = this.counts;
    if (!(nowMs - this.liveP99At < 1000)) {
      this.liveP99 = percentileMs(this.hist.chunk_rtt_ms, 99);
      this.liveP99At = nowMs;
    }
    return { sessionsOpen: this.open, acked: c.chunks_acked, errors: c.chunks_failed + c.chunks_lost, p99Ms: this.liveP99 };
  }

  /**
   * Everything measured so far, as plain data. `measuredS` is the measured window actually run.
   * `live` skips what is costly and only needed at the end (encoded histograms, fairness).
   */
  summary(measuredS: number, eventLoopDelayP99Ms: number, live = false): Summary {
    const metrics = {} as Summary['metrics'];
    for (const m of LATENCY_METRICS) metrics[m] = summarize(this.hist[m], !live);
    const c = this.counts;
    const due = c.chunks_due;
    return {
      metrics,
      counts: { ...c },
      rates: {
        success_rate: due ? c.chunks_acked / due : 0,
        error_rate: due ? (c.chunks_failed + c.chunks_lost) / due : 0,
        chunks_per_s: measuredS > 0 ? c.chunks_acked / measuredS : 0,
        chunks_per_s_per_session: measuredS > 0 && c.sessions_started ? c.chunks_acked / measuredS / c.sessions_started : 0,
      },
      errors: [...this.errors.values()].sort((a, b) => b.count - a.count),
      worst_session: live ? null : this.worstSession(),
      timeline: this.timeline.points(),
      measured_s: measuredS,
      event_loop_delay_p99_ms: eventLoopDelayP99Ms,
    };
  }

  private worstSession(): Summary['worst_session'] {
    let worst: Summary['worst_session'] = null;
    this.perSession.forEach((h, index) => {
      const p99 = percentileMs(h, 99);
      if (p99 !== null && (worst === null || p99 > worst.p99_ms)) worst = { index, p99_ms: p99 };
    });
    return worst;
  }
}
