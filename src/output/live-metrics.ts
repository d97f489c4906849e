/**
 * Live metrics of a run, fed by the load events (a LoadSink) and read as Prometheus series:
 * counters since the start, the chunk round trip as a cumulative histogram, and p50/p95/p99 of
 * the chunk round trip and of the generator's send lag over the last interval. Counting follows
 * the result's rule: only chunks due inside the measured window count, so the last push equals
 * the result's counts. Pure bookkeeping; ./prometheus.ts pushes it.
 */
import type { LoadSink } from '../load/sink.js';
import { newHistogram, percentileMs, recordMs, type Histogram } from '../measure/histogram.js';
import type { Series } from './remote-write.js';

/** Upper bounds (ms) of the chunk round-trip histogram buckets; +Inf is added. */
export const RTT_BUCKETS_MS = [5, 10, 25, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 2000, 5000];

const COUNTERS = ['chunks_sent', 'chunks_acked', 'chunks_failed', 'chunks_lost', 'chunks_unsent', 'late_replies', 'sessions_created', 'sessions_failed', 'sockets_dropped', 'sequence_anomalies'] as const;
type Counter = (typeof COUNTERS)[number];
const QUANTILES = [0.5, 0.95, 0.99];

export class LiveMetrics implements LoadSink {
  private measureStart = Infinity;
  private end = -Infinity;
  private readonly counts = Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<Counter, number>;
  private readonly errorsByKind = new Map<string, number>();
  private open = 0;
  private readonly buckets = new Array<number>(RTT_BUCKETS_MS.length + 1).fill(0);
  private rttSum = 0;
  private rttCount = 0;
  private rttWindow: Histogram = newHistogram('compact');
  private lagWindow: Histogram = newHistogram('compact');

  private inWindow(due: number): boolean {
    return due >= this.measureStart && due < this.end;
  }

  private fail(kind: string): void {
    this.errorsByKind.set(kind, (this.errorsByKind.get(kind) ?? 0) + 1);
  }

  clockStarted(_t0: number, measureStartMs: number, endMs: number): void {
    this.measureStart = measureStartMs;
    this.end = endMs;
  }
  sessionCreated(): void {
    this.counts.sessions_created++;
  }
  sessionFailed(kind: string, _message: string): void {
    this.counts.sessions_failed++;
    this.fail(kind);
  }
  socketOpened(): void {
    this.open++;
  }
  socketClosed(dropped: boolean): void {
    this.open = Math.max(0, this.open - 1);
    if (dropped) this.counts.sockets_dropped++;
  }
  sessionDeleted(): void {}
  sessionNotDeleted(): void {}
  chunkSent(_session: number, _seq: number, due: number, now: number): void {
    if (!this.inWindow(due)) return;
    this.counts.chunks_sent++;
    recordMs(this.lagWindow, Math.max(0, now - due));
  }
  chunkUnsent(_session: number, _seq: number, due: number): void {
    if (this.inWindow(due)) this.counts.chunks_unsent++;
  }
  chunkAudio(): void {}
  chunkAcked(_session: number, _seq: number, due: number, now: number): void {
    if (!this.inWindow(due)) return;
    const rtt = Math.max(0, now - due);
    this.counts.chunks_acked++;
    this.rttSum += rtt;
    this.rttCount++;
    let i = RTT_BUCKETS_MS.findIndex((le) => rtt <= le);
    if (i < 0) i = RTT_BUCKETS_MS.length;
    this.buckets[i]++;
    recordMs(this.rttWindow, rtt);
  }
  chunkFailed(_session: number, _seq: number, due: number, kind: string, _message: string): void {
    if (!this.inWindow(due)) return;
    this.counts.chunks_failed++;
    this.fail(kind);
  }
  chunkLost(_session: number, _seq: number, due: number, kind: string, _message: string): void {
    if (!this.inWindow(due)) return;
    this.counts.chunks_lost++;
    this.fail(kind);
  }
  lateReply(_session: number, _seq: number, due: number): void {
    if (this.inWindow(due)) this.counts.late_replies++;
  }
  requestSent(): void {}
  requestDone(): void {}
  sequenceAnomaly(): void {
    this.counts.sequence_anomalies++;
  }
  error(kind: string, _message: string): void {
    this.fail(kind);
  }

  /**
   * Every series at `timestampMs`, with `labels` on each; the interval quantiles start over.
   * Names: pipebench_<counter>_total, pipebench_errors_total{kind}, pipebench_sessions_open,
   * pipebench_chunk_rtt_ms_bucket{le} / _sum / _count, pipebench_chunk_rtt_ms{quantile},
   * pipebench_send_lag_ms{quantile}.
   */
  series(labels: Record<string, string>, timestampMs: number): Series[] {
    const one = (name: string, value: number, extra: Record<string, string> = {}): Series =>
      ({ labels: { ...labels, ...extra, __name__: name }, samples: [{ value, timestampMs }] });
    const out: Series[] = COUNTERS.map((c) => one(`pipebench_${c}_total`, this.counts[c]));
    for (const [kind, n] of this.errorsByKind) out.push(one('pipebench_errors_total', n, { kind }));
    out.push(one('pipebench_sessions_open', this.open));
    let cumulative = 0;
    RTT_BUCKETS_MS.forEach((le, i) => out.push(one('pipebench_chunk_rtt_ms_bucket', (cumulative += this.buckets[i]), { le: String(le) })));
    out.push(one('pipebench_chunk_rtt_ms_bucket', this.rttCount, { le: '+Inf' }));
    out.push(one('pipebench_chunk_rtt_ms_sum', this.rttSum), one('pipebench_chunk_rtt_ms_count', this.rttCount));
    for (const [name, h] of [['pipebench_chunk_rtt_ms', this.rttWindow], ['pipebench_send_lag_ms', this.lagWindow]] as const) {
      for (const q of QUANTILES) {
        const v = percentileMs(h, q * 100);
        if (v !== null) out.push(one(name, v, { quantile: String(q) }));
      }
    }
    this.rttWindow = newHistogram('compact');
    this.lagWindow = newHistogram('compact');
    return out;
  }
}
