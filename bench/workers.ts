/**
 * `--workers`: how many sessions one and two generator threads hold validly on this machine, and
 * what each costs in CPU per chunk. Held validly = the run's exit code is 0 and its send lag p99
 * (merged over the workers) is at most 5 ms.
 *
 * Placement (the echo server needs CPU too): the echo server (bench/echo-server.ts, no DSP) runs in
 * its own process pinned to the LAST core. One worker: the client is pinned to core 0. N workers:
 * the client may use cores 0..N-1, so on a 2-core machine the second worker shares the server's
 * core. CPU = the whole client process (main thread and workers, setup and deletes included) per
 * acked chunk. Levels are run in order per worker count; a count stops at its first invalid level.
 *
 * Usage: node dist/bench/workers.js [SESSIONS...]   (default 500 1000 1500 2000)
 * Env: BENCH_DURATION_S (default 8), BENCH_WORKERS (default "1,2"), BENCH_SERVER_CORE (default: the
 *      last core; "none" = unpinned), BENCH_CLIENT_CORES (default 0..N-1 for N workers),
 *      BENCH_ARGS (extra pipebench flags, e.g. "--out chunks=/tmp/c.jsonl").
 * Take the machine's CPU lock around it: flock -x /tmp/pb-cpu.lock node dist/bench/workers.js
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startEchoServer } from './echo-server.js';

const SELF = fileURLToPath(import.meta.url);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
const LAG_BOUND_MS = 5;
const CORES = availableParallelism();
const SERVER_CORE = process.env.BENCH_SERVER_CORE ?? String(CORES - 1);

interface Figures {
  sessions: number;
  workers: number;
  exit: number;
  verdict: string;
  acked: number;
  due: number;
  cpuUsPerChunk: number;
  lagP99Ms: number | null;
  worstWorkerLagP99Ms: number | null;
  loopP99Ms: number | null;
  rttP99Ms: number | null;
  peakRssMb: number;
  wallS: number;
}

/** One pipebench run, in this (child) process, so its CPU is pipebench's alone. */
async function client(port: number, sessions: number, workers: number): Promise<void> {
  // The bundled CLI (dist/cli/, what bin/pipebench.js runs), typed as its source.
  const { main, processIo } = (await import(new URL('../cli/main.js', import.meta.url).href)) as typeof import('../src/cli/main.js');
  const out: string[] = [];
  const io = { ...processIo(), stdout: { write: (s: string) => out.push(s), isTTY: false }, stderr: { write: () => true, isTTY: false } };
  const argv = ['sustained', '--target', `http://127.0.0.1:${port}`, '--sessions', String(sessions), '--duration', `${DURATION_S}s`,
    '--ramp-up', '0s', '--workers', String(workers), '--json', '-', '--quiet', ...(process.env.BENCH_ARGS ?? '').split(' ').filter(Boolean)];
  const t = performance.now();
  const exit = await main(argv, io);
  const cpu = process.cpuUsage();
  const r = JSON.parse(out.join(''));
  const lags = (r.workers ?? []).map((w: { send_lag_p99_ms: number | null }) => w.send_lag_p99_ms ?? 0);
  const f: Figures = {
    sessions, workers, exit, verdict: r.verdict, acked: r.counts.chunks_acked, due: r.counts.chunks_due,
    cpuUsPerChunk: Math.round((cpu.user + cpu.system) / Math.max(1, r.counts.chunks_acked)),
    lagP99Ms: r.metrics.send_lag_ms.p99, worstWorkerLagP99Ms: lags.length ? Math.max(...lags) : r.metrics.send_lag_ms.p99,
    loopP99Ms: r.generator.event_loop_delay_p99_ms, rttP99Ms: r.metrics.chunk_rtt_ms.p99,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), wallS: Math.round((performance.now() - t) / 100) / 10,
  };
  process.stdout.write(`${JSON.stringify(f)}\n`);
}

function spawnNode(cores: string | null, args: string[]) {
  const cmd = cores === null ? [process.execPath, SELF, ...args] : ['taskset', '-c', cores, process.execPath, SELF, ...args];
  return spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
}

function run(port: number, sessions: number, workers: number): Promise<Figures> {
  const cores = process.env.BENCH_CLIENT_CORES ?? (workers > 1 ? `0-${Math.min(CORES, workers) - 1}` : '0');
  return new Promise((resolve, reject) => {
    const c = spawnNode(cores, ['--role=client', String(port), String(sessions), String(workers)]);
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop() as string)) : reject(new Error(`client exited ${code}`))));
  });
}

const held = (f: Figures) => f.exit === 0 && f.lagP99Ms !== null && f.lagP99Ms <= LAG_BOUND_MS;
const f1 = (v: number | null) => (v === null ? '—' : v.toFixed(1));

async function orchestrate(levels: number[]): Promise<void> {
  const counts = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
  const server = spawnNode(SERVER_CORE === 'none' ? null : SERVER_CORE, ['--role=server']);
  try {
    const port = await new Promise<number>((r) => server.stdout.once('data', (d) => r(Number(String(d).trim()))));
    console.log(`${DURATION_S}s per run, chunk 100 ms, node ${process.version}, ${CORES} cores; echo server on core ${SERVER_CORE}; ` +
      `client on core 0 (1 worker) or cores 0..N-1 (N workers); held = exit 0 and send lag p99 <= ${LAG_BOUND_MS} ms`);
    console.log('workers  sessions  exit  verdict      acked     µs/chunk  lag p99  worst-worker lag p99  loop p99  rtt p99  RSS MB  held');
    for (const w of counts) {
      let best = 0;
      for (const n of levels) {
        const f = await run(port, n, w);
        console.log([String(w).padStart(7), String(n).padStart(8), String(f.exit).padStart(4), f.verdict.padEnd(11), String(f.acked).padStart(7),
          String(f.cpuUsPerChunk).padStart(11), f1(f.lagP99Ms).padStart(8), f1(f.worstWorkerLagP99Ms).padStart(21), f1(f.loopP99Ms).padStart(9),
          f1(f.rttP99Ms).padStart(8), String(f.peakRssMb).padStart(7), held(f) ? '  yes' : '  no'].join('  '));
        if (!held(f)) break;
        best = n;
      }
      console.log(`=> ${w} worker${w === 1 ? '' : 's'}: held ${best || 'none of the levels'}${best ? ' sessions validly' : ''}`);
    }
  } finally {
    server.kill('SIGTERM');
  }
}

const role = process.argv.find((a) => a.startsWith('--role='))?.slice(7);
const nums = process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number);
if (role === 'server') {
  const s = await startEchoServer(0, 0);
  process.stdout.write(`${s.port}\n`);
} else if (role === 'client') await client(nums[0], nums[1], nums[2]);
else await orchestrate(nums.length ? nums : [500, 1000, 1500, 2000]);
