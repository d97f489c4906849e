/** Runs the built pipebench binary as a user would, with a time limit. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { until } from './wait.js';

export const BIN = fileURLToPath(new URL('../../../bin/pipebench.js', import.meta.url));

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  timeoutMs?: number;
  env?: Record<string, string>;
  onStart?: (c: ChildProcess) => void;
  /**
   * Send SIGINT once this turns true (checked every 10 ms), e.g. once the target has seen the
   * run's first chunk: the process is then surely past installing its handler, however busy
   * the machine, which a fixed sleep cannot promise.
   */
  interruptWhen?: () => boolean;
}

/** Spawn `pipebench args…`; `onStart` may poke the child. Killed after timeoutMs. */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    opts.onStart?.(child);
    const poll = opts.interruptWhen && setInterval(() => {
      if (!opts.interruptWhen!()) return;
      clearInterval(poll);
      child.kill('SIGINT');
    }, 10);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * An `onStart` hook that sends SIGINT once `ready(stderrSoFar)` holds — the run is visibly under way —
 * rather than after a guessed delay a slow start can outlast. If it never holds within 30 s the child
 * is killed outright, so the test fails on its exit code instead of hanging.
 */
export function interruptWhen(ready: (stderr: string) => boolean, what: string): (c: ChildProcess) => void {
  return (c) => {
    let stderr = '';
    c.stderr?.on('data', (d) => (stderr += d));
    until(() => ready(stderr), 30_000, what).then(() => c.kill('SIGINT'), () => c.kill('SIGKILL'));
  };
}
