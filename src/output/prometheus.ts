/**
 * `--out prometheus=URL`: push the run's live metrics to a Prometheus remote-write endpoint every
 * interval, and once more at the end. A push that fails (refused, timed out, not 2xx) never fails
 * the run: it is counted, the first failure is reported as it happens, and the total ends up as a
 * warning in the result. Pushes never overlap: a tick while one is in flight is skipped.
 */
import { HttpClient } from '../net/http.js';
import { LiveMetrics } from './live-metrics.js';
import { remoteWriteRequest } from './remote-write.js';

export interface PrometheusOptions {
  url: string;
  /** Labels on every series: run_id, command, target and the --tag labels. */
  labels: Record<string, string>;
  intervalMs: number;
  /** Told about the first failed push, as it happens. */
  warn?: (text: string) => void;
}

const PUSH_TIMEOUT_MS = 5000;

export class PrometheusPush {
  /** The LoadSink to add to the run. */
  readonly metrics = new LiveMetrics();
  private readonly http: HttpClient;
  /** The write URL's path and query below its origin (the client's target). */
  private readonly path: string;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private pushes = 0;
  private failures = 0;
  private lastFailure = '';

  constructor(private readonly o: PrometheusOptions) {
    const url = new URL(o.url);
    this.path = `${url.pathname}${url.search}`;
    this.http = new HttpClient({ target: url.origin, timeoutMs: PUSH_TIMEOUT_MS, connections: 1, keepAliveMs: 10_000 });
  }

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), this.o.intervalMs);
  }

  private tick(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    this.inFlight = this.push().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async push(): Promise<void> {
    const { body, headers } = remoteWriteRequest(this.metrics.series(this.o.labels, Date.now()));
    this.pushes++;
    const r = await this.http.send('POST', this.path, { body, headers });
    if (r.status === null) this.failed(r.code || r.message);
    else if (r.status >= 300) this.failed(`HTTP ${r.status}${r.text.trim() ? `: ${r.text.trim().slice(0, 200)}` : ''}`);
  }

  private failed(why: string): void {
    if (this.failures++ === 0) this.o.warn?.(`--out prometheus: a push to ${this.o.url} failed (${why}); the run goes on`);
    this.lastFailure = why;
  }

  /** Stop the timer, push the final values, release the connection; the warnings for the result. */
  async finish(): Promise<string[]> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.inFlight;
    await this.tick();
    await this.http.close();
    return this.failures
      ? [`--out prometheus: ${this.failures} of ${this.pushes} pushes to ${this.o.url} failed (last: ${this.lastFailure}); the metrics there are incomplete`]
      : [];
  }
}
