/**
 * A real Prometheus for tests (Debian's `prometheus` package): started on 127.0.0.1 on a free
 * port with the remote-write receiver on and a temporary storage directory, ready when it logs
 * so; queried through its HTTP API. `prometheusMissing` says why tests skip when it is not
 * installed (.ci/run installs it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = ['/usr/bin/prometheus', '/usr/local/bin/prometheus'].find((p) => existsSync(p));
export const prometheusMissing: string | false = BIN ? false : 'prometheus is not installed (apt-get install -y prometheus)';

export interface TestPrometheus {
  url: string;
  writeUrl: string;
  /** An instant query; the result vector's samples as { labels, value }. */
  query(promql: string): Promise<Array<{ labels: Record<string, string>; value: number }>>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function ready(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => finish(new Error(`prometheus not ready after ${timeoutMs} ms:\n${log.slice(-2000)}`)), timeoutMs);
    const onData = (d: Buffer) => {
      log += d;
      if (log.includes('Server is ready to receive web requests')) finish();
    };
    const onExit = (code: number | null) => finish(new Error(`prometheus exited (${code}):\n${log.slice(-2000)}`));
    child.stderr!.on('data', onData);
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
    function finish(err?: Error) {
      clearTimeout(timer);
      child.stderr!.off('data', onData);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve();
    }
  });
}

export async function startPrometheus(): Promise<TestPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'pb-prom-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, 'global:\n  scrape_interval: 1m\n');
  const port = await freePort();
  const child = spawn(BIN!, [
    `--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`,
    '--web.enable-remote-write-receiver', '--storage.tsdb.retention.time=1h',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = `http://127.0.0.1:${port}`;
  const close = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await ready(child, 30_000);
  } catch (err) {
    await close();
    throw err;
  }
  child.stdout!.resume();
  child.stderr!.resume();
  return {
    url,
    writeUrl: `${url}/api/v1/write`,
    close,
    async query(promql) {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = (await res.json()) as { status: string; error?: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
      if (body.status !== 'success') throw new Error(`query ${promql}: ${body.error}`);
      return body.data.result.map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
    },
  };
}
