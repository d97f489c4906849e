/**
 * Turns request events into a BatchSummary: latency histograms, counts by HTTP status and by
 * error kind, and a per-second timeline. Times are ms on the run's monotonic clock.
 */
import { newHistogram, recordMs, summarize } from '../measure/histogram.js';
import { Timeline } from '../measure/timeline.js';
import type { ErrorKind } from '../measure/types.js';
import type { Outcome } from './outcome.js';
import type { BatchCounts, BatchSummary } from './types.js';

export class BatchRecorder {
  private readonly reqMs = newHistogram('full');
  private readonly lagMs = newHistogram('full');
  private readonly counts: BatchCounts = { http_reqs: 0, http_ok: 0, http_failed: 0 };
  private readonly statuses: Record<string, number> = {};
  private readonly errors = new Map<string, ErrorKind>();
  private readonly timeline: Timeline;
  inFlight = 0;

  constructor(t0: number) {
    this.timeline = new Timeline(t0, 1000);
  }

  /** A request started at `now`; `due` is when the schedule called for it (open model) or `now`. */
  started(due: number, now: number, lagged: boolean): void {
    this.inFlight++;
    if (lagged) recordMs(this.lagMs, now - due);
    this.timeline.sent(due, this.inFlight);
  }

  /** A request ended; latency runs from its due time, so a slow server cannot hide its queue. */
  ended(due: number, now: number, o: Outcome): void {
    this.inFlight--;
    if (o.aborted) return;
    this.counts.http_reqs++;
    const status = o.status === null ? 'no response' : String(o.status);
    this.statuses[status] = (this.statuses[status] ?? 0) + 1;
    // No response means no latency to speak of; its count is in http_failed and the errors.
    if (o.status !== null) recordMs(this.reqMs, now - due);
    if (o.ok) {
      this.counts.http_ok++;
      this.timeline.acked(due, now - due);
      return;
    }
    this.counts.http_failed++;
    const kind = o.kind ?? 'failed';
    const e = this.errors.get(kind);
    if (e) e.count++;
    else this.errors.set(kind, { kind, count: 1, sample: o.message.slice(0, 300) });
    this.timeline.error(due, kind);
  }

  /** Requests ended so far and how many failed, for the progress line (cheap: no histogram encoding). */
  live(): { done: number; failed: number } {
    return { done: this.counts.http_reqs, failed: this.counts.http_failed };
  }

  /** Requests that got any HTTP response. */
  get responses(): number {
    return this.counts.http_reqs - (this.statuses['no response'] ?? 0);
  }

  summary(measuredS: number, eventLoopDelayP99Ms: number): BatchSummary {
    const c = this.counts;
    return {
      metrics: { http_req_ms: summarize(this.reqMs), send_lag_ms: summarize(this.lagMs) },
      counts: { ...c },
      status_counts: { ...this.statuses },
      rates: {
        success_rate: c.http_reqs ? c.http_ok / c.http_reqs : 0,
        error_rate: c.http_reqs ? c.http_failed / c.http_reqs : 0,
        http_reqs_per_s: measuredS > 0 ? c.http_reqs / measuredS : 0,
      },
      errors: [...this.errors.values()].sort((a, b) => b.count - a.count),
      timeline: this.timeline.points(),
      measured_s: measuredS,
      event_loop_delay_p99_ms: eventLoopDelayP99Ms,
    };
  }
}
