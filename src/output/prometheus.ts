/**
 * `--out prometheus=URL`: push the run's live metrics to a Prometheus remote-write endpoint every
 * interval, and once more at the end. A push that fails (refused, timed out, not 2xx) never fails
 * the run: it is counted, the first failure is reported as it happens, and the total ends up as a
 * warning in the result. Pushes never overlap: a tick while one is in flight is skipped.
 */
import { Agent, errorCode, errorText, request } from '../net/http.js';
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
  private readonly agent = new Agent({ connectTimeout: PUSH_TIMEOUT_MS, keepAliveTimeout: 10_000 });
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private pushes = 0;
  private failures = 0;
  private lastFailure = '';

  constructor(private readonly o: PrometheusOptions) {}

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
    try {
      const res = await request(this.o.url, { method: 'POST', body, headers, dispatcher: this.agent, headersTimeout: PUSH_TIMEOUT_MS, bodyTimeout: PUSH_TIMEOUT_MS });
      const text = (await res.body.text()).trim();
      if (res.statusCode >= 300) this.failed(`HTTP ${res.statusCode}${text ? `: ${text.slice(0, 200)}` : ''}`);
    } catch (err) {
      this.failed(errorCode(err) || errorText(err));
    }
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
    await this.agent.close();
    return this.failures
      ? [`--out prometheus: ${this.failures} of ${this.pushes} pushes to ${this.o.url} failed (last: ${this.lastFailure}); the metrics there are incomplete`]
      : [];
  }
}
