/**
 * What the session API's HTTP costs the generator: N creates then N deletes through load/api.ts
 * (its HttpClient, 32 keep-alive connections) against bench/echo-server.ts run in a child
 * process, all N of each fired at once (they queue behind the pool). CPU time of this process
 * (process.cpuUsage, user + system) per round: the first round of the process (cold: module
 * JIT, first sockets) and the median of the warm rounds after it.
 *
 * Usage: taskset -c 0 node dist/bench/http-cost.js [N ...]   (default 500 1000)
 * Env: BENCH_ROUNDS (warm rounds per N, default 7), BENCH_SERVER_CPU (core for the server, via
 *      taskset; default 1, empty to not pin).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Api } from '../src/load/api.js';
import { startEchoServer } from './echo-server.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const SERVER_CPU = process.env.BENCH_SERVER_CPU ?? '1';

async function serve(): Promise<void> {
  const s = await startEchoServer(0, 0);
  process.stdout.write(`${s.port}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void s.close().then(() => process.exit(0)));
}

/** One round: a fresh Api, N creates, N deletes, closed. Returns CPU ms. */
async function round(target: string, n: number): Promise<number> {
  const before = process.cpuUsage();
  const api = new Api({ target, headers: { authorization: 'Bearer bench' }, timeoutMs: 10_000 });
  const created = await Promise.all(Array.from({ length: n }, () => api.createSession({ pipeline_config: { stages: [] } })));
  const ids = created.map((c) => (c.ok ? c.sessionId : ''));
  if (ids.includes('')) throw new Error(`a create failed: ${JSON.stringify(created.find((c) => !c.ok))}`);
  const deleted = await Promise.all(ids.map((id) => api.deleteSession(id)));
  if (deleted.some((d) => !d.ok)) throw new Error(`a delete failed: ${JSON.stringify(deleted.find((d) => !d.ok))}`);
  await api.close();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

async function main(): Promise<void> {
  const counts = process.argv.slice(2).map(Number);
  const ns = counts.length ? counts : [500, 1000];
  const script = fileURLToPath(import.meta.url);
  const server = SERVER_CPU
    ? spawn('taskset', ['-c', SERVER_CPU, process.execPath, script, 'serve'], { stdio: ['pipe', 'pipe', 'inherit'] })
    : spawn(process.execPath, [script, 'serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<string>((resolve, reject) => {
      createInterface({ input: server.stdout! }).once('line', resolve);
      server.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
    });
    const target = `http://127.0.0.1:${port}`;
    for (const n of ns) {
      const cold = await round(target, n);
      const warm: number[] = [];
      for (let i = 0; i < ROUNDS; i++) warm.push(await round(target, n));
      warm.sort((a, b) => a - b);
      const med = warm[Math.floor(warm.length / 2)];
      const warmText = warm.length ? `, warm median ${med.toFixed(1)} ms (min ${warm[0].toFixed(1)}), ${((med * 1000) / (2 * n)).toFixed(1)} µs/request` : '';
      console.log(`${n} creates + ${n} deletes: cold ${cold.toFixed(1)} ms CPU (${((cold * 1000) / (2 * n)).toFixed(1)} µs/request)${warmText}`);
    }
  } finally {
    server.stdin!.end();
  }
}

await (process.argv[2] === 'serve' ? serve() : main());
