/**
 * Live progress on stderr. On a terminal, a spinner line (ora: the only module that imports it);
 * elsewhere (CI logs), one compact line every 10 s, so a long run is never silent. ora and its
 * dependencies (11 ms of CPU to load) are imported only when there is a terminal to spin on.
 */
import { throttledLines, type ProgressView } from './progress-text.js';

export { progressText, type ProgressView } from './progress-text.js';

/** Where progress goes: a stream with an optional TTY flag and width. */
export interface ProgressStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

/** The progress view for `stream`: a spinner on a terminal, a line every `lineEveryMs` elsewhere. */
export async function startProgress(stream: ProgressStream, enabled: boolean, lineEveryMs = 10_000): Promise<ProgressView> {
  if (!enabled) return { update() {}, stop() {} };
  // A terminal reporting zero columns (some ptys) would make ora's line arithmetic loop forever.
  const columns = (stream as { columns?: number }).columns;
  if (!stream.isTTY || columns === 0) return throttledLines((l) => stream.write(l), lineEveryMs, () => performance.now());
  // discardStdin false: ora would otherwise put stdin in raw mode and Ctrl-C would stop raising SIGINT.
  const { default: ora } = await import('ora');
  const spinner = ora({ stream: stream as NodeJS.WritableStream, discardStdin: false, text: 'starting…' }).start();
  return {
    update: (text) => {
      spinner.text = text;
    },
    stop: () => spinner.stop(),
  };
}
