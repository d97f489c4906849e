/** Progress as text, pure: the line a spinner or a CI log shows. */
import type { Progress } from '../measure/run.js';
import { formatDurationMs } from '../units.js';
import { sessionsText } from '../units.js';

export interface ProgressView {
  update(text: string): void;
  stop(): void;
}

/** One line of progress text, pure. */
export function progressText(p: Progress): string {
  const left = Math.max(0, p.totalMs - p.elapsedMs);
  const rate = p.elapsedMs > 0 ? (p.live.acked / p.elapsedMs) * 1000 : 0;
  const p99 = p.live.p99Ms === null ? '-' : `${p.live.p99Ms.toFixed(1)} ms`;
  return `${formatDurationMs(p.elapsedMs)} elapsed, ${formatDurationMs(left)} left · ${sessionsText(p.live.sessionsOpen)} open · ` +
    `${rate.toFixed(0)} chunks/s · p99 ${p99} · ${p.live.errors} errors`;
}

/** Lines every `everyMs` of the clock `now`: the first update at once, then at most one per period. */
export function throttledLines(write: (line: string) => void, everyMs: number, now: () => number): ProgressView {
  let last = -Infinity;
  return {
    update: (text) => {
      const t = now();
      if (t - last < everyMs) return;
      last = t;
      write(`pipebench: ${text}\n`);
    },
    stop: () => {},
  };
}
