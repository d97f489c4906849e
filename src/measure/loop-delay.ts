/** The generator's own event-loop delay, so a stalled client is never blamed on the server. */
import { monitorEventLoopDelay } from 'node:perf_hooks';

const RESOLUTION_MS = 10;

export interface LoopDelayMonitor {
  /** p99 delay in ms beyond the sampling interval (0 = never late). */
  p99Ms(): number;
  stop(): void;
}

export function watchEventLoop(): LoopDelayMonitor {
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  h.enable();
  return {
    // Node records the whole interval between samples, resolution included: subtract it.
    p99Ms: () => (h.count ? Math.max(0, Math.round((h.percentile(99) / 1e6 - RESOLUTION_MS) * 1000) / 1000) : 0),
    stop: () => h.disable(),
  };
}
