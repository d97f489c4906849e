/**
 * Is pipebench itself the bottleneck? A generator that sends late, or whose event loop stalls,
 * measures its own delay as the server's (hyperfine's warnings, k6's dropped iterations).
 */
import type { Measurements } from '../measure/types.js';

/** The run is invalid when the generator's p99 send lag exceeds this fraction of a chunk interval. */
export const SEND_LAG_FRACTION = 0.25;
/** The run is invalid when the generator's p99 event-loop delay exceeds this fraction of a chunk interval. */
export const EVENT_LOOP_DELAY_FRACTION = 0.25;

/** The bounds, in ms, for a chunk interval of `chunkMs`. */
export function generatorBoundsMs(chunkMs: number): { sendLagP99Ms: number; eventLoopDelayP99Ms: number } {
  return { sendLagP99Ms: chunkMs * SEND_LAG_FRACTION, eventLoopDelayP99Ms: chunkMs * EVENT_LOOP_DELAY_FRACTION };
}

/** What the generator sends, in the words of the command: streamed chunks or batch HTTP requests. */
export type GeneratorLoad = 'stream' | 'batch';

const LESS_LOAD: Record<GeneratorLoad, string> = {
  stream: 'Run fewer sessions (--sessions)',
  batch: 'Send fewer requests at once (a lower --rate or --concurrency)',
};

const INTERVAL: Record<GeneratorLoad, string> = { stream: 'chunk interval', batch: 'scheduling interval' };

function remedy(load: GeneratorLoad): string {
  return `${LESS_LOAD[load]}, run pipebench on another machine or CPU core than the server, ` +
    'or split the load across several pipebench processes and merge their results. ' +
    'If other work shares this machine (other processes, CI neighbours, the server itself), the delay may be theirs: ' +
    'check the machine\'s load and run again; if a larger delay is acceptable for your target, raise the bound with --max-lag.';
}

const ms = (v: number) => `${+v.toFixed(1)} ms`;

/**
 * Check the generator's own health; each warning says what happened, with numbers, and what to do.
 * `maxLagMs` (--max-lag) replaces both default bounds.
 */
export function checkGenerator(
  summary: Measurements, chunkMs: number, maxLagMs?: number, load: GeneratorLoad = 'stream',
): { healthy: boolean; warnings: string[] } {
  const bounds = maxLagMs === undefined ? generatorBoundsMs(chunkMs) : { sendLagP99Ms: maxLagMs, eventLoopDelayP99Ms: maxLagMs };
  const why = maxLagMs === undefined ? `a quarter of the ${chunkMs} ms ${INTERVAL[load]}` : 'the --max-lag bound';
  const REMEDY = remedy(load);
  const warnings: string[] = [];
  const lag = summary.metrics?.send_lag_ms;
  if (lag && lag.count > 0 && lag.p99 > bounds.sendLagP99Ms) {
    warnings.push(
      `pipebench fell behind its schedule: send_lag_ms p99 was ${ms(lag.p99)}, above ${ms(bounds.sendLagP99Ms)} ` +
        `(${why}), so latencies include the generator's own delay. ${REMEDY}`,
    );
  }
  const loop = summary.event_loop_delay_p99_ms;
  if (Number.isFinite(loop) && loop > bounds.eventLoopDelayP99Ms) {
    warnings.push(
      `pipebench's event loop was blocked: event_loop_delay_p99_ms was ${ms(loop)}, above ${ms(bounds.eventLoopDelayP99Ms)} ` +
        `(${why}), so ${load === 'batch' ? 'responses' : 'replies'} were read late. ${REMEDY}`,
    );
  }
  return { healthy: warnings.length === 0, warnings };
}
