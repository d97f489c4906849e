/**
 * Client cost per chunk: a bare `ws` loop vs `pipebench sustained`, against the same echo server
 * (its own process), at several session counts. Each client runs in its own process and reports
 * its CPU time, RSS and send lag. Usage: node dist/bench/sustained-cpu.js [sessions...]
 * Env: BENCH_DURATION_S (default 10).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { startEchoServer } from './echo-server.js';
import { main, processIo } from '../src/cli/main.js';

const SELF = fileURLToPath(import.meta.url);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);

interface Figures {
  chunks: number;
  cpuUs: number;
  rssMb: number;
  lagP99Ms: number | null;
}

function report(f: Figures): void {
  process.stdout.write(`${JSON.stringify(f)}\n`);
}

/** The cheapest honest client: one interval per session, replies ignored, lateness noted. */
async function bare(port: number, sessions: number): Promise<void> {
  const frame = JSON.stringify({ type: 'audio_chunk', data: Buffer.alloc(3200, 1).toString('base64'), timestamp: 0 });
  const cpu0 = process.cpuUsage();
  let chunks = 0;
  const lags: number[] = [];
  const sockets: WebSocket[] = [];
  const timers: NodeJS.Timeout[] = [];
  await Promise.all(Array.from({ length: sessions }, (_, i) => new Promise<void>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/pipeline/realtime/s${i}`, { perMessageDeflate: false });
    ws.on('message', () => {});
    ws.on('open', () => resolve());
    sockets.push(ws);
  })));
  const t0 = performance.now() + 100;
  sockets.forEach((ws, i) => {
    const start = t0 + (i * 100) / sessions;
    let k = 0;
    setTimeout(() => {
      const tick = () => {
        lags.push(performance.now() - (start + 100 * k++));
        ws.send(frame);
        chunks++;
      };
      tick();
      timers.push(setInterval(tick, 100));
    }, start - performance.now());
  });
  await new Promise((r) => setTimeout(r, DURATION_S * 1000 + 100));
  timers.forEach(clearInterval);
  sockets.forEach((s) => s.terminate());
  const cpu = process.cpuUsage(cpu0);
  lags.sort((a, b) => a - b);
  const lagP99Ms = lags[Math.floor(lags.length * 0.99)] ?? null;
  report({ chunks, cpuUs: cpu.user + cpu.system, rssMb: process.memoryUsage().rss / 2 ** 20, lagP99Ms });
}

/** The real CLI path, in-process, so this process's CPU is pipebench's. */
async function pipebench(port: number, sessions: number, durationS = DURATION_S): Promise<void> {
  const chunks: string[] = [];
  const io = { ...processIo(), stdout: { write: (s: string) => chunks.push(s), isTTY: false }, stderr: { write: () => true, isTTY: false } };
  const cpu0 = process.cpuUsage();
  await main(['sustained', '--target', `http://127.0.0.1:${port}`, '--sessions', String(sessions), '--duration', `${durationS}s`,
    '--ramp-up', '1s', '--json', '-', '--quiet'], io);
  const cpu = process.cpuUsage(cpu0);
  const result = JSON.parse(chunks.join(''));
  report({ chunks: result.counts.chunks_sent, cpuUs: cpu.user + cpu.system, rssMb: process.memoryUsage().rss / 2 ** 20, lagP99Ms: result.metrics.send_lag_ms.p99 });
}

function child(role: string, port: number, sessions: number): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [SELF, `--role=${role}`, String(port), String(sessions)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop() as string)) : reject(new Error(`${role} exited ${code}`))));
  });
}

async function orchestrate(levels: number[]): Promise<void> {
  const server = spawn(process.execPath, [SELF, '--role=server'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((r) => server.stdout.once('data', (d) => r(Number(String(d).trim()))));
  console.log(`echo server pid ${server.pid} on port ${port}; ${DURATION_S}s per run; node ${process.version}`);
  console.log('"marginal" subtracts a 0.5 s run of the same sessions (startup, creates, deletes) from the full run.');
  console.log('sessions  client      chunks   CPU µs/chunk  send lag p99 ms  RSS MB   ratio');
  for (const n of levels) {
    const b = await child('bare', port, n);
    const p = await child('pipebench', port, n);
    const fixed = await child('fixed', port, n);
    const per = (f: Figures) => f.cpuUs / Math.max(1, f.chunks);
    const marginal: Figures = { ...p, chunks: p.chunks - fixed.chunks, cpuUs: p.cpuUs - fixed.cpuUs };
    for (const [name, f] of [['bare ws', b], ['pipebench', p], ['marginal', marginal]] as const) {
      const ratio = name === 'bare ws' ? '' : (per(f) / per(b)).toFixed(2);
      console.log(`${String(n).padStart(8)}  ${name.padEnd(10)} ${String(f.chunks).padStart(7)}  ${per(f).toFixed(1).padStart(12)}  ${(f.lagP99Ms ?? NaN).toFixed(2).padStart(15)}  ${f.rssMb.toFixed(0).padStart(6)}   ${ratio}`);
    }
  }
  server.kill('SIGTERM');
}

const role = process.argv.find((a) => a.startsWith('--role='))?.slice(7);
const [portArg, sessionsArg] = process.argv.filter((a) => /^\d+$/.test(a)).map(Number);
if (role === 'server') {
  const s = await startEchoServer();
  process.stdout.write(`${s.port}\n`);
} else if (role === 'bare') await bare(portArg, sessionsArg);
else if (role === 'pipebench') await pipebench(portArg, sessionsArg);
else if (role === 'fixed') await pipebench(portArg, sessionsArg, 0.5);
else {
  const levels = process.argv.slice(2).map(Number).filter((n) => n > 0);
  await orchestrate(levels.length ? levels : [500, 1000, 2000]);
}
