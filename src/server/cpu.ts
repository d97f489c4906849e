/**
 * Process CPU usage, sampled once a second so the hot path only reads a number.
 * Reported as percent of one core (can exceed 100 with worker threads; ours has none).
 */

/** Samples process.cpuUsage() on a timer that does not keep the process alive. */
export class CpuMeter {
  private percent = 0;
  private lastUsage = process.cpuUsage();
  private lastAtMs = performance.now();
  private timer: NodeJS.Timeout | undefined;

  /** Begin sampling every `intervalMs`. */
  start(intervalMs = 1000): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Latest sample, percent of one core, one decimal. */
  get usage(): number {
    return this.percent;
  }

  private sample(): void {
    const now = performance.now();
    const used = process.cpuUsage(this.lastUsage);
    const elapsedMs = now - this.lastAtMs;
    if (elapsedMs > 0) this.percent = Math.round(((used.user + used.system) / 1000 / elapsedMs) * 1000) / 10;
    this.lastUsage = process.cpuUsage();
    this.lastAtMs = now;
  }
}
