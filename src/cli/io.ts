import { EXIT_CODES } from '../evaluate/exit-codes.js';

/** The process seen by commands: streams, environment and signals. Only src/cli touches `process`. */

export interface OutStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Subscribe to SIGINT/SIGTERM; returns an unsubscribe function. */
  onSignal(signal: 'SIGINT' | 'SIGTERM', handler: () => void): () => void;
  /** Leave immediately (second Ctrl-C). The only sanctioned hard exit. */
  hardExit(code: number): never;
}

/** The real process. */
export function processIo(): Io {
  // A reader that goes away (`pipebench … | head`) is not an error of ours: stop writing quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    onSignal(signal, handler) {
      process.on(signal, handler);
      return () => process.off(signal, handler);
    },
    hardExit(code) {
      process.exit(code);
    },
  };
}

/** Exit codes: a public contract, documented in README.md (the table lives in evaluate/, which decides them). */
export const EXIT = EXIT_CODES;
export { InputError } from '../spine/errors.js';
