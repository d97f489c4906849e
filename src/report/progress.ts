/** The live progress line on stderr (TTY only). The only module that imports ora. */
import ora, { type Ora } from 'ora';
import type { Progress } from '../load/run.js';
import type { OutStream } from '../cli/io.js';
import { formatDurationMs } from '../units.js';

export interface ProgressView {
  update(p: Progress): void;
  stop(): void;
}

/** One line of progress text, pure. */
export function progressText(p: Progress): string {
  const left = Math.max(0, p.totalMs - p.elapsedMs);
  const rate = p.elapsedMs > 0 ? (p.live.acked / p.elapsedMs) * 1000 : 0;
  const p99 = p.live.p99Ms === null ? '-' : `${p.live.p99Ms.toFixed(1)} ms`;
  return `${formatDurationMs(p.elapsedMs)} elapsed, ${formatDurationMs(left)} left · ${p.live.sessionsOpen} sessions open · ` +
    `${rate.toFixed(0)} chunks/s · p99 ${p99} · ${p.live.errors} errors`;
}

export function startProgress(stream: OutStream, enabled: boolean): ProgressView {
  // A terminal reporting zero columns (some ptys) would make ora's line arithmetic loop forever.
  const columns = (stream as { columns?: number }).columns;
  if (!enabled || !stream.isTTY || columns === 0) return { update() {}, stop() {} };
  // discardStdin false: ora would otherwise put stdin in raw mode and Ctrl-C would stop raising SIGINT.
  const spinner: Ora = ora({ stream: stream as NodeJS.WritableStream, discardStdin: false, text: 'starting sessions…' }).start();
  return {
    update: (p) => {
      spinner.text = progressText(p);
    },
    stop: () => spinner.stop(),
  };
}
