/** The per-worker section of a result and the generator health judged per worker. Pure. */
import { generatorBoundsMs } from '../evaluate/generator.js';

export interface WorkerReport {
  /** 1-based. */
  worker: number;
  sessions: number;
  /** Why it ended without reporting (an error of the run), or null. */
  crashed: string | null;
  chunks_acked: number;
  send_lag_p99_ms: number | null;
  event_loop_delay_p99_ms: number | null;
  setup_ms: number | null;
}

const ms = (v: number) => `${+v.toFixed(1)} ms`;

/**
 * Generator health with workers: each worker is judged on its own send lag and event-loop delay,
 * the worst one decides and is named; a crashed worker makes the run invalid.
 */
export function workersGenerator(reports: readonly WorkerReport[], chunkMs: number, maxLagMs?: number): { healthy: boolean; warnings: string[]; worst: number | null } {
  const bounds = maxLagMs === undefined ? generatorBoundsMs(chunkMs) : { sendLagP99Ms: maxLagMs, eventLoopDelayP99Ms: maxLagMs };
  const warnings = reports.flatMap((r) => (r.crashed ? [`${r.crashed}; its sessions' figures are missing, so the run is invalid`] : []));
  const score = (r: WorkerReport) => Math.max((r.send_lag_p99_ms ?? 0) / bounds.sendLagP99Ms, (r.event_loop_delay_p99_ms ?? 0) / bounds.eventLoopDelayP99Ms);
  const alive = reports.filter((r) => !r.crashed);
  const worst = alive.length ? alive.reduce((a, b) => (score(b) > score(a) ? b : a)) : null;
  if (worst && score(worst) > 1) {
    warnings.push(
      `pipebench worker ${worst.worker} of ${reports.length} fell behind: send_lag_ms p99 ${ms(worst.send_lag_p99_ms ?? 0)} (bound ${ms(bounds.sendLagP99Ms)}), ` +
        `event-loop delay p99 ${ms(worst.event_loop_delay_p99_ms ?? 0)} (bound ${ms(bounds.eventLoopDelayP99Ms)}); latencies include the generator's own delay. ` +
        'Run fewer sessions per worker (--workers on more cores), or split the load across machines (--shard) and merge.',
    );
  }
  return { healthy: warnings.length === 0, warnings, worst: worst?.worker ?? null };
}
