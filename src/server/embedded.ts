/**
 * Run the reference server as a child process (`pipebench serve --port 0`) for a load command
 * that was given no target. A child, not in-process, so the server's CPU does not share the load
 * generator's event loop and distort its timing. The child is started with --exit-with-parent and
 * a stdin pipe: if this process dies, the pipe closes and the child exits too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { findPackageRoot } from '../package-root.js';

/** A running child server. */
export interface EmbeddedServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  pid: number;
  /** SIGTERM, wait for exit (SIGKILL after ~3 s); resolves once the child and its pipes are gone. */
  stop(): Promise<void>;
}

export interface EmbeddedServerOptions {
  /** Aborting while starting kills the child and rejects. */
  signal?: AbortSignal;
  /** More `serve` flags, e.g. ['--delay-ms', '20']. */
  extraArgs?: string[];
  /** Give up starting after this long (default 15 s). */
  timeoutMs?: number;
}

/** The launcher, bin/pipebench.js at the package root (this code also runs bundled, from dist/cli/). */
const bin = () => join(findPackageRoot(), 'bin', 'pipebench.js');
const LISTENING = /^pipebench serve listening on (http:\/\/\S+)$/;
const KILL_AFTER_MS = 3000;
const STDERR_KEEP = 16 * 1024;

/** Start `pipebench serve` as a child and wait until GET /api/health answers 200. */
export async function startEmbeddedServer(opts: EmbeddedServerOptions = {}): Promise<EmbeddedServer> {
  const args = [bin(), 'serve', '--host', '127.0.0.1', '--port', '0', '--exit-with-parent', ...(opts.extraArgs ?? [])];
  // Its own process group: a terminal's Ctrl-C goes to the whole foreground group, and the server
  // must outlive it so the interrupted run can still delete its sessions. The stdin pipe
  // (--exit-with-parent) still ends it if this process dies.
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (s: string) => {
    stderr = (stderr + s).slice(-STDERR_KEEP);
  });
  child.stdin!.on('error', () => {});
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const stop = () => stopChild(child, closed);
  const fail = async (reason: string): Promise<never> => {
    await stop();
    const tail = stderr.trim() ? `\n--- server stderr ---\n${stderr.trim()}` : '';
    throw new Error(`embedded server (${process.execPath} ${args.join(' ')}): ${reason}${tail}`);
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  // Stops the health polling loop when the race is lost for another reason (exit, abort).
  const polling = new AbortController();
  let url: string;
  try {
    url = await race(readListeningLine(child), child, deadline, opts.signal);
    await race(waitHealthy(url, deadline, polling.signal), child, deadline, opts.signal);
  } catch (err) {
    polling.abort();
    return fail((err as Error).message);
  }
  child.stdout!.resume();
  return { url, pid: child.pid!, stop };
}

function stopChild(child: ChildProcess, closed: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    void closed.then(() => clearTimeout(timer));
  }
  child.stdin?.destroy();
  return closed;
}

/** The URL from the child's first stdout line. */
function readListeningLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (s: string) => {
      buf += s;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      child.stdout!.off('data', onData);
      const m = LISTENING.exec(buf.slice(0, nl).trim());
      if (m) resolve(m[1]);
      else reject(new Error(`unexpected first line on stdout: ${JSON.stringify(buf.slice(0, nl))}`));
    };
    child.stdout!.setEncoding('utf8').on('data', onData);
  });
}

/** `work`, unless the child exits, the deadline passes or the signal aborts first. */
function race<T>(work: Promise<T>, child: ChildProcess, deadline: number, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.off('exit', onExit);
      signal?.removeEventListener('abort', onAbort);
    };
    const onExit = (code: number | null, sig: string | null) => {
      done();
      reject(new Error(`exited before it was ready (code ${code}, signal ${sig})`));
    };
    const onAbort = () => {
      done();
      reject(new Error('aborted while starting'));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error('did not become ready in time (timeout)'));
    }, Math.max(0, deadline - Date.now()));
    if (signal?.aborted) return onAbort();
    child.once('exit', onExit);
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        done();
        resolve(v);
      },
      (err: unknown) => {
        done();
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

/** Poll GET /api/health every 50 ms until 200 (or the deadline/abort, which `race` enforces). */
async function waitHealthy(url: string, deadline: number, signal: AbortSignal): Promise<void> {
  let last = 'no answer';
  while (Date.now() < deadline && !signal.aborted) {
    const status = await getStatus(`${url}/api/health`).catch((err: Error) => err.message);
    if (status === 200) return;
    last = String(status);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`GET ${url}/api/health never answered 200 (last: ${last})`);
}

function getStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', agent: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}
