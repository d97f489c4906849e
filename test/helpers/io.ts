/** An in-memory Io for calling `main(argv, io)` in-process: captured streams, chosen env and cwd. */
import type { Io } from '../../src/cli/io.js';

export interface MemoryIo {
  io: Io;
  stdout(): string;
  stderr(): string;
  /** Raise SIGINT/SIGTERM as a terminal would. */
  signal(name: 'SIGINT' | 'SIGTERM'): void;
}

export function memoryIo(opts: { env?: Record<string, string>; cwd?: string; tty?: boolean } = {}): MemoryIo {
  let out = '';
  let err = '';
  const handlers = new Map<string, Set<() => void>>();
  const io: Io = {
    stdout: { write: (s: string) => (out += s), isTTY: opts.tty ?? false },
    stderr: { write: (s: string) => (err += s), isTTY: opts.tty ?? false },
    env: { NO_COLOR: '1', ...opts.env },
    cwd: opts.cwd ?? process.cwd(),
    onSignal(name, handler) {
      const set = handlers.get(name) ?? new Set();
      handlers.set(name, set.add(handler));
      return () => set.delete(handler);
    },
    hardExit(code) {
      throw new Error(`hardExit(${code})`);
    },
  };
  return {
    io,
    stdout: () => out,
    stderr: () => err,
    signal: (name) => handlers.get(name)?.forEach((h) => h()),
  };
}

/** Run main in-process; the exit code and both streams. */
export async function runMain(argv: string[], opts: Parameters<typeof memoryIo>[0] = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = await import('../../src/cli/main.js');
  const m = memoryIo(opts);
  const code = await main(argv, m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}
