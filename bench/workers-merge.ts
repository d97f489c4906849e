/**
 * What the main thread pays to aggregate W workers, and what each worker sends it: every worker's
 * Recorder is fed the events of its share of the sessions for a whole run (chunk RTTs spread over
 * 5-200 ms), then, as with --abort-on-fail once a second and once at the end, it builds a summary
 * with encoded histograms (timed), that summary's structured-clone size is taken (v8.serialize:
 * what postMessage copies), and the main thread merges the W summaries (timed, median of 5).
 * "live round": one --abort-on-fail round RUN_S seconds into the run, where only the newest
 * second changed since the last round (LiveMerge keeps the settled seconds' merges).
 *
 * Usage: node dist/bench/workers-merge.js [WORKERS...]   (default 2 16 64)
 * Env: BENCH_SESSIONS (total, default 6400), BENCH_RUN_S (run length, default 60).
 */
import { serialize } from 'node:v8';
import { Recorder } from '../src/measure/recorder.js';
import { mergeMeasurements } from '../src/merge/merge.js';
import type { Summary } from '../src/measure/types.js';
import { LiveMerge } from '../src/workers/live-merge.js';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 6400);
const RUN_S = Number(process.env.BENCH_RUN_S ?? 60);
const CHUNK_MS = 100;

/** One worker's recorder after a whole run of its sessions (global indices w, w+W, …). */
function workerRecorder(w: number, workers: number): Recorder {
  const r = new Recorder({ sessions: SESSIONS });
  r.clockStarted(0, 0, RUN_S * 1000);
  let seed = w + 1;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = w; i < SESSIONS; i += workers) {
    r.sessionCreated(5);
    r.socketOpened(2, false, i);
    for (let seq = 0; seq < (RUN_S * 1000) / CHUNK_MS; seq++) {
      const due = seq * CHUNK_MS + (i * CHUNK_MS) / SESSIONS;
      r.chunkSent(i, seq, due, due + rand());
      r.chunkAcked(i, seq, due, due + 5 + rand() * rand() * 195, 4);
    }
  }
  return r;
}

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
console.log(`${SESSIONS} sessions in all, ${RUN_S} s run, chunk ${CHUNK_MS} ms; node ${process.version}`);
console.log('workers  sessions/worker  worker summary ms  message KB/worker  main merge ms (all workers)  live round ms  heap MB after');
for (const workers of counts.length ? counts : [2, 16, 64]) {
  const recorders = Array.from({ length: workers }, (_, w) => workerRecorder(w, workers));
  const built = recorders.map((r) => time(() => r.summary(RUN_S, 1)));
  const summaries: Summary[] = built.map((b) => b.value);
  const kb = median(summaries.map((s) => serialize(s).length / 1024));
  const merges = Array.from({ length: 5 }, () => time(() => mergeMeasurements(summaries, { globalSessionIndices: true })).ms);
  const merged = mergeMeasurements(summaries, { globalSessionIndices: true }).summary;
  if (merged.counts.chunks_acked !== SESSIONS * (RUN_S * 1000) / CHUNK_MS) throw new Error(`merged ${merged.counts.chunks_acked} acked`);
  const live = new LiveMerge();
  live.merge(summaries);
  const last = summaries[0].timeline.length - 1;
  const next = summaries.map((x) => ({ ...x, timeline: x.timeline.map((p, i) => (i === last ? { ...p, sessions_open: p.sessions_open + 1 } : p)) }));
  const round = Array.from({ length: 5 }, () => time(() => live.merge(next)).ms);
  if (live.remerged !== 0 && live.remerged !== 1) throw new Error(`live round re-merged ${live.remerged} seconds`);
  console.log([String(workers).padStart(7), String(Math.ceil(SESSIONS / workers)).padStart(15), median(built.map((b) => b.ms)).toFixed(2).padStart(17),
    kb.toFixed(1).padStart(17), median(merges).toFixed(2).padStart(27), median(round).toFixed(2).padStart(13), (process.memoryUsage().heapUsed / 2 ** 20).toFixed(0).padStart(13)].join('  '));
}
