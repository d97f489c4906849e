/**
 * What the end of a run pays to summarize its histograms, with the code before the one-pass walk
 * ("old": one hdr-histogram-js walk per percentile, and three for mean and standard deviation) and
 * with src/measure/histogram.ts ("new"), side by side on the same histograms:
 * - summarize: the run-wide 'full' histograms (RTT-like values, 5 ms to a few seconds), without and
 *   with the compressed encoding (the final summary encodes; the walks are what changed);
 * - p99 of every per-session 'compact' histogram (Recorder.worstSession);
 * - p50/p95/p99 of every 1-second 'compact' timeline histogram (Timeline.points).
 * CPU time (process.cpuUsage) per round, old and new rounds alternating; median and lowest of ROUNDS.
 * Both codes' results are compared first; the script exits 1 if they differ.
 *
 * Usage: node dist/bench/summary-cost.js
 * Env: BENCH_FULL (run-wide histograms, default 6), BENCH_VALUES (values in each, default 100000),
 *      BENCH_SESSIONS (per-session histograms, default 1000), BENCH_RUN_S (default 60: 600 values
 *      per session at 100 ms chunks, 60 timeline histograms), BENCH_ROUNDS (default 15).
 */
import { isDeepStrictEqual } from 'node:util';
import { newHistogram, percentileMs, percentilesMs, summarize, type Histogram } from '../src/measure/histogram.js';
import { refPercentileMs as oldPercentileMs, refSummarize as oldSummarize } from '../test/helpers/hdr-reference.js';

const FULL = Number(process.env.BENCH_FULL ?? 6);
const VALUES = Number(process.env.BENCH_VALUES ?? 100_000);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 1000);
const RUN_S = Number(process.env.BENCH_RUN_S ?? 60);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const CHUNK_MS = 100;

// --- RTT-like values: a lognormal body around 20 ms, 0.1 % of them 0.5-5 s late ---
let seed = 42;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function rttUs(): number {
  if (rand() < 0.001) return Math.round(500_000 + rand() * 4_500_000);
  const gauss = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  return Math.round(5000 + 15000 * Math.exp(0.6 * gauss));
}

const full: Histogram[] = Array.from({ length: FULL }, () => {
  const h = newHistogram('full');
  for (let i = 0; i < VALUES; i++) h.recordValue(rttUs());
  return h;
});
const perSession: Histogram[] = [];
const timeline: Histogram[] = Array.from({ length: RUN_S }, () => newHistogram('compact'));
for (let s = 0; s < SESSIONS; s++) {
  const h = newHistogram('compact');
  for (let seq = 0; seq < (RUN_S * 1000) / CHUNK_MS; seq++) {
    const v = rttUs();
    h.recordValue(v);
    timeline[Math.floor((seq * CHUNK_MS) / 1000)].recordValue(v);
  }
  perSession.push(h);
}

interface Task { name: string; old: () => unknown; new: () => unknown }
const tasks: Task[] = [
  { name: `summarize ${FULL} full, no hdr`, old: () => full.map((h) => oldSummarize(h, false)), new: () => full.map((h) => summarize(h, false)) },
  { name: `summarize ${FULL} full, with hdr`, old: () => full.map((h) => oldSummarize(h)), new: () => full.map((h) => summarize(h)) },
  { name: `p99 of ${SESSIONS} compact`, old: () => perSession.map((h) => oldPercentileMs(h, 99)), new: () => perSession.map((h) => percentileMs(h, 99)) },
  {
    name: `p50/p95/p99 of ${RUN_S} compact`,
    old: () => timeline.map((h) => [50, 95, 99].map((p) => oldPercentileMs(h, p))),
    new: () => timeline.map((h) => percentilesMs(h, [50, 95, 99])),
  },
];

for (const t of tasks) {
  if (!isDeepStrictEqual(t.old(), t.new())) {
    console.error(`${t.name}: the old and the new code disagree`);
    process.exit(1);
  }
}

const cpuMs = (f: () => unknown): number => {
  const before = process.cpuUsage();
  f();
  const d = process.cpuUsage(before);
  return (d.user + d.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (v: number) => v.toFixed(2).padStart(8);

console.log(`CPU ms per round, median (lowest) of ${ROUNDS}; ${VALUES} values per full histogram, ${(RUN_S * 1000) / CHUNK_MS} per session`);
console.log(`${'what'.padEnd(34)}${'old'.padStart(18)}${'new'.padStart(18)}`);
for (const t of tasks) {
  const old: number[] = [];
  const now: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    old.push(cpuMs(t.old));
    now.push(cpuMs(t.new));
  }
  const cell = (xs: number[]) => `${fmt(median(xs))} (${fmt(Math.min(...xs)).trim()})`.padStart(18);
  console.log(`${t.name.padEnd(34)}${cell(old)}${cell(now)}`);
}
