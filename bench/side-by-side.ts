/**
 * The bare `ws` loop and `pipebench sustained` side by side, one run each, against the same echo
 * server (its own process, pinned to the last core), each client pinned to core 0 with `taskset`.
 * The bare loop is the physical floor of an honest Node client: one timer walking the absolute
 * schedule of every session, replies matched FIFO for the chunk RTT, no statistics while running.
 * It creates and deletes no sessions over HTTP, so pipebench's setup and cleanup are all overhead here.
 *
 * Two CPU figures per run: the whole process per acked chunk (setup, creates, deletes and the report
 * included: what a run costs), and the steady state: CPU per chunk due in the middle 60 % of the
 * stream (what each chunk costs, the part that grows with load). pipebench's stream is started at a
 * known instant with --start-at so both are sampled over the same window of their schedule.
 *
 * Usage: node dist/bench/side-by-side.js [LEVEL...]   LEVEL = SESSIONS[@DELAYms], e.g. 100@5 500 1000
 * Env: BENCH_DURATION_S (default 10), BENCH_REPEAT (default 1: bare and pipebench alternate), BENCH_WORKERS (e.g. "1,2": pipebench rows per worker count),
 *      BENCH_ARGS (extra pipebench flags, e.g. "--audio-check-sessions 0"),
 *      BENCH_NODE_FLAGS (extra node flags for the pipebench client, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p").
 * Take the machine's CPU lock around it: flock -x /tmp/pb-cpu.lock node dist/bench/side-by-side.js
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type WebSocket from 'ws';

const SELF = fileURLToPath(import.meta.url);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 1);
const CHUNK_MS = 100;
const CLIENT_CORE = '0';
const SERVER_CORE = '1';

interface Figures {
  acked: number;
  cpuUs: number;
  peakRssMb: number;
  lagP99Ms: number | null;
  rttP99Ms: number | null;
  exit: number;
  verdict: string;
  loopP99Ms?: number | null;
  elu?: number;
  /** CPU µs per chunk due in the middle 60 % of the stream. */
  steadyUs?: number;
  /** CPU ms before the stream's first chunk is due (loading, setup), while it is due, and after. */
  phasesMs?: [number, number, number];
}

/** CPU used between 20 % and 80 % of a stream starting at `startEpochMs`, per chunk due then. */
function steadyWindow(startEpochMs: number, sessions: number): Promise<number> {
  const durMs = DURATION_S * 1000;
  const at = (f: number) => startEpochMs + f * durMs - Date.now();
  return new Promise((resolve) => {
    let c0: NodeJS.CpuUsage;
    setTimeout(() => (c0 = process.cpuUsage()), at(0.2));
    setTimeout(() => {
      const c = process.cpuUsage(c0);
      resolve((c.user + c.system) / ((sessions * 0.6 * durMs) / CHUNK_MS));
    }, at(0.8));
  });
}

/** CPU used before a stream starting at `startEpochMs` and while it runs; `done()` adds what came after. */
function phases(startEpochMs: number): { done(): [number, number, number] } {
  const cpuMs = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  let before = NaN;
  let during = NaN;
  setTimeout(() => (before = cpuMs()), startEpochMs - Date.now());
  setTimeout(() => (during = cpuMs() - before), startEpochMs + DURATION_S * 1000 - Date.now());
  return { done: () => [Math.round(before), Math.round(during), Math.round(cpuMs() - before - during)] };
}

function report(f: Figures): void {
  process.stdout.write(`${JSON.stringify(f)}\n`);
}

function p99(values: Float64Array, n: number): number | null {
  if (n === 0) return null;
  const sorted = values.subarray(0, n).sort();
  return Math.round(sorted[Math.min(n - 1, Math.floor(n * 0.99))] * 1000) / 1000;
}

/** The floor: one timer over the global schedule (session i at offset i × chunk / n), FIFO RTTs. */
async function bare(port: number, sessions: number): Promise<void> {
  // Each role loads only what it uses: the pipebench client's CPU is then pipebench's alone.
  const { default: WebSocket } = await import('ws');
  const { ChunkFrames } = await import('../src/load/protocol.js');
  const frames = new ChunkFrames([Buffer.alloc(3200, 1).toString('base64')]);
  const perSession = Math.ceil((DURATION_S * 1000) / CHUNK_MS);
  const total = perSession * sessions;
  const lags = new Float64Array(total);
  const rtts = new Float64Array(total);
  const fifo: number[][] = [];
  let sent = 0;
  let acked = 0;
  const sockets = await Promise.all(Array.from({ length: sessions }, (_, i) => new Promise<WebSocket>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/pipeline/realtime/s${i}`, { perMessageDeflate: false });
    const q: number[] = (fifo[i] = []);
    ws.on('message', (data: Buffer) => {
      if (data.length > 1024) return; // processed_audio: the chunk's terminal reply is metrics
      const due = q.shift();
      if (due !== undefined) rtts[acked++] = performance.now() - due;
    });
    ws.on('open', () => resolve(ws));
  })));
  const t0 = performance.now() + CHUNK_MS;
  const steady = steadyWindow(Date.now() + CHUNK_MS, sessions);
  const phase = phases(Date.now() + CHUNK_MS);
  const step = CHUNK_MS / sessions;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && t0 + sent * step <= now) {
        const due = t0 + sent * step;
        const i = sent % sessions;
        sockets[i].send(frames.bytes(0, Date.now()), { binary: false });
        fifo[i].push(due);
        lags[sent++] = now - due;
      }
      if (sent < total) setTimeout(tick, Math.max(0, t0 + sent * step - performance.now()));
      else setTimeout(done, 2000);
    };
    setTimeout(tick, t0 - performance.now());
  });
  const cpu = process.cpuUsage();
  sockets.forEach((s) => s.terminate());
  report({
    acked, cpuUs: cpu.user + cpu.system, peakRssMb: process.resourceUsage().maxRSS / 1024,
    lagP99Ms: p99(lags, sent), rttP99Ms: p99(rtts, acked), exit: 0, verdict: `${sent - acked} unanswered`, steadyUs: await steady,
    phasesMs: phase.done(),
  });
}

/** The real CLI path, in-process, so this process's CPU is pipebench's (setup, creates and deletes included). */
async function pipebench(port: number, sessions: number, workers: number): Promise<void> {
  // The bundled CLI (dist/cli/, what bin/pipebench.js runs), typed as its source.
  const { main, processIo } = (await import(new URL('../cli/main.js', import.meta.url).href)) as typeof import('../src/cli/main.js');
  const out: string[] = [];
  const io = { ...processIo(), stdout: { write: (s: string) => out.push(s), isTTY: false }, stderr: { write: () => true, isTTY: false } };
  const elu0 = performance.eventLoopUtilization();
  // Setup (creates, connects) before a known start instant, so the steady window is the same part of the schedule.
  const startAt = Date.now() + 1500 + 2 * sessions;
  const steady = steadyWindow(startAt, sessions);
  const phase = phases(startAt);
  const argv = ['sustained', '--target', `http://127.0.0.1:${port}`, '--sessions', String(sessions), '--duration', `${DURATION_S}s`,
    '--ramp-up', '0s', '--json', '-', '--quiet'];
  if (!process.env.BENCH_NO_START_AT) argv.push('--start-at', String(startAt));
  if (workers > 1) argv.push('--workers', String(workers));
  argv.push(...(process.env.BENCH_ARGS ?? '').split(' ').filter(Boolean));
  const exit = await main(argv, io);
  const cpu = process.cpuUsage();
  const elu = performance.eventLoopUtilization(elu0).utilization;
  const r = JSON.parse(out.join(''));
  if (process.env.BENCH_DUMP) (await import("node:fs")).writeFileSync(process.env.BENCH_DUMP, out.join(""));
  report({
    acked: r.counts.chunks_acked, cpuUs: cpu.user + cpu.system, peakRssMb: process.resourceUsage().maxRSS / 1024,
    lagP99Ms: r.metrics.send_lag_ms.p99, rttP99Ms: r.metrics.chunk_rtt_ms.p99, exit, verdict: r.verdict,
    loopP99Ms: r.generator.event_loop_delay_p99_ms, elu: Math.round(elu * 100) / 100, steadyUs: await steady,
    phasesMs: phase.done(),
  });
}

function spawnPinned(core: string, args: string[], nodeFlags: string[] = []) {
  return spawn('taskset', ['-c', core, process.execPath, ...nodeFlags, SELF, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
}

function child(args: string[], nodeFlags: string[] = [], cores = CLIENT_CORE): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const c = spawnPinned(cores, args, nodeFlags);
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop() as string)) : reject(new Error(`${args[0]} exited ${code}`))));
  });
}

async function withServer<T>(delayMs: number, fn: (port: number) => Promise<T>): Promise<T> {
  const server = spawnPinned(SERVER_CORE, ['--role=server', `--delay=${delayMs}`]);
  try {
    const port = await new Promise<number>((r) => server.stdout.once('data', (d) => r(Number(String(d).trim()))));
    return await fn(port);
  } finally {
    server.kill('SIGTERM');
  }
}

const f1 = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(1));

function row(level: string, name: string, f: Figures, base?: Figures): string {
  const per = (x: Figures) => x.cpuUs / Math.max(1, x.acked);
  const ratio = base ? `${(per(f) / per(base)).toFixed(2)}×` : '';
  const steadyRatio = base && f.steadyUs && base.steadyUs ? `${(f.steadyUs / base.steadyUs).toFixed(2)}×` : '';
  const cells = [level.padStart(8), name.padEnd(12), String(f.acked).padStart(7), f1(per(f)).padStart(9), ratio.padStart(6),
    f1(f.steadyUs).padStart(7), steadyRatio.padStart(6),
    f1(f.lagP99Ms).padStart(8), f1(f.rttP99Ms).padStart(8), f1(f.peakRssMb).padStart(7),
    f1(f.loopP99Ms).padStart(7), (f.elu === undefined ? '—' : f.elu.toFixed(2)).padStart(5),
    (f.phasesMs ? f.phasesMs.join('/') : '—').padStart(16), `${f.exit} ${f.verdict}`];
  return cells.join('  ');
}

async function orchestrate(levels: string[]): Promise<void> {
  const workerCounts = (process.env.BENCH_WORKERS ?? '1').split(',').map(Number);
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  console.log(`${DURATION_S}s per run, chunk ${CHUNK_MS} ms; client on core ${CLIENT_CORE}, echo server on core ${SERVER_CORE}; node ${process.version}`);
  console.log('µs/ack = whole client process CPU (setup, creates, deletes, report) per acked chunk; steady = CPU µs per chunk in the');
  console.log('middle 60 % of the stream; RSS = peak MB; lag, rtt, loop = p99 ms (send lag, chunk RTT, event-loop delay); exit = process exit code;');
  console.log("cpu ms = the client's CPU before the first chunk is due (loading, setup) / while chunks are due / after (drain, cleanup, report)");
  console.log(' session  client          acked   µs/ack  ratio   steady  ratio  lag p99  rtt p99  RSS MB  loop99    ELU  cpu ms b/s/a     exit');
  for (const level of levels) {
    const [sessions, delay] = level.split('@').map((v) => Number.parseInt(v, 10));
    await withServer(delay || 0, async (port) => {
      for (let r = 0; r < REPEAT; r++) {
        const base = await child(['--role=bare', String(port), String(sessions)]);
        console.log(row(level, 'bare loop', base));
        for (const w of workerCounts) {
          // N workers get cores 0..N-1 (with 2 workers here, the server's core too).
          const p = await child(['--role=pipebench', String(port), String(sessions), String(w)], flags, w > 1 ? `0-${w - 1}` : CLIENT_CORE);
          console.log(row(level, w > 1 ? `pipebench×${w}` : 'pipebench', p, base));
        }
      }
    });
  }
}

const role = process.argv.find((a) => a.startsWith('--role='))?.slice(7);
const nums = process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number);
if (role === 'server') {
  const delay = Number(process.argv.find((a) => a.startsWith('--delay='))?.slice(8) ?? 0);
  const { startEchoServer } = await import('./echo-server.js');
  const s = await startEchoServer(0, delay);
  process.stdout.write(`${s.port}\n`);
} else if (role === 'bare') await bare(nums[0], nums[1]);
else if (role === 'pipebench') await pipebench(nums[0], nums[1], nums[2] ?? 1);
else {
  const levels = process.argv.slice(2).filter((a) => /^\d+(@\d+)?$/.test(a));
  await orchestrate(levels.length ? levels : ['100@5', '500', '1000']);
}
