/**
 * `--workers N`: the sessions of one run split over N worker threads. Worker w of N runs the
 * global sessions w, w+N, … (of this run's own slice, when it is a shard) at their global phase
 * offsets; every worker sets its sessions up, then all start their clocks at one agreed instant,
 * so the schedule is the one a single thread would keep. Their outcomes are merged exactly
 * (counts, errors, histograms by addition, timelines, fairness) with the project's one merge.
 */
import { Worker } from 'node:worker_threads';
import { strideSlice, wholeSlice, type SessionSlice } from '../load/schedule.js';
import { mergeMeasurements } from '../merge/merge.js';
import { mergeLive, type WorkerReport } from './report.js';
import { Recorder } from '../measure/recorder.js';
import type { Progress, RunOutcome } from '../measure/run.js';
import type { RunSoFar, Summary } from '../measure/types.js';
import type { Scenario } from '../scenario.js';
import type { FromWorker, ToWorker, WorkerInput } from './messages.js';

export interface PoolHooks {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** --abort-on-fail on the merged live measurements: a reason stops every worker. */
  stopWhen?: (live: Summary, run: RunSoFar) => string | null;
}

/** The run's outcome, merged, with one report per worker. */
export type PoolOutcome = RunOutcome & { workers: WorkerReport[] };

/** Split `slice` over `n` workers, each keeping global indices (and so global offsets). */
export function workerSlices(slice: SessionSlice, n: number): SessionSlice[] {
  return Array.from({ length: n }, (_, w) => ({ total: slice.total, indices: strideSlice(slice.indices.length, w, n).indices.map((k) => slice.indices[k]) }));
}

/** Margin between the last worker's "ready" and the agreed start, for the message to reach everyone. */
const START_MARGIN_MS = 200;

interface Part {
  worker: Worker;
  ready: boolean;
  progress: Progress | null;
  live: { summary: Summary; run: RunSoFar } | null;
  outcome: RunOutcome | null;
  crash: string | null;
}

export async function runInWorkers(s: Scenario, target: { url: string; embedded: boolean }, runId: number, slice: SessionSlice | undefined, hooks: PoolHooks): Promise<PoolOutcome> {
  const own = slice ?? wholeSlice(s.sessions);
  const slices = workerSlices(own, Math.min(s.workers, own.indices.length)).filter((x) => x.indices.length > 0);
  const parts: Part[] = slices.map((sl, w) => {
    const data: WorkerInput = { scenario: s, target, runId, worker: w, slice: sl, abortOnFail: hooks.stopWhen !== undefined };
    return { worker: new Worker(new URL('./worker.js', import.meta.url), { workerData: data }), ready: false, progress: null, live: null, outcome: null, crash: null };
  });
  const send = (m: ToWorker) => parts.forEach((p) => p.outcome || p.crash || p.worker.postMessage(m));
  let stopped = false;
  const stopAll = (interrupted: boolean, reason: string | null) => {
    if (!interrupted && stopped) return;
    stopped = true;
    send({ type: 'stop', interrupted, reason });
  };
  const onAbort = () => stopAll(true, null);
  hooks.signal?.addEventListener('abort', onAbort, { once: true });
  const progressTimer = setInterval(() => {
    const ps = parts.flatMap((p) => (p.progress ? [p.progress] : []));
    if (ps.length && hooks.onProgress) hooks.onProgress(mergeProgress(ps));
  }, 250);
  try {
    await Promise.all(parts.map((p, w) => new Promise<void>((resolve) => {
      p.worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') {
          p.ready = true;
          if (parts.every((x) => x.ready || x.crash)) send({ type: 'start', atMs: s.startAtMs ?? Date.now() + START_MARGIN_MS });
        } else if (m.type === 'progress') p.progress = m.progress;
        else if (m.type === 'live') {
          p.live = m;
          judgeLive(parts, hooks, (reason) => stopAll(false, reason));
        } else if (m.type === 'done') p.outcome = m.outcome;
      });
      p.worker.on('error', (err) => {
        p.crash = `worker ${w + 1} crashed: ${err.message}`;
      });
      p.worker.on('exit', (code) => {
        if (!p.outcome) {
          p.crash ??= `worker ${w + 1} exited with code ${code} before reporting`;
          // The others stop too (their sessions are deleted); a start nobody is waiting for is sent now.
          stopAll(false, p.crash);
          if (parts.every((x) => x.ready || x.crash)) send({ type: 'start', atMs: s.startAtMs ?? Date.now() + START_MARGIN_MS });
        }
        resolve();
      });
    })));
  } finally {
    clearInterval(progressTimer);
    hooks.signal?.removeEventListener('abort', onAbort);
  }
  return mergeOutcomes(parts.map((p) => p.outcome), parts.map((p) => p.crash), slices);
}

function mergeProgress(ps: Progress[]): Progress {
  const p99s = ps.flatMap((p) => (p.live.p99Ms === null ? [] : [p.live.p99Ms]));
  return {
    elapsedMs: Math.max(...ps.map((p) => p.elapsedMs)),
    totalMs: Math.max(...ps.map((p) => p.totalMs)),
    live: {
      sessionsOpen: ps.reduce((a, p) => a + p.live.sessionsOpen, 0),
      acked: ps.reduce((a, p) => a + p.live.acked, 0),
      errors: ps.reduce((a, p) => a + p.live.errors, 0),
      // The live line shows the worst worker's p99; the final figures are merged exactly.
      p99Ms: p99s.length ? Math.max(...p99s) : null,
    },
  };
}

/** Once every worker has sent a live summary this round, judge the merged one. */
function judgeLive(parts: Part[], hooks: PoolHooks, stop: (reason: string) => void): void {
  const running = parts.filter((p) => !p.outcome && !p.crash);
  if (!hooks.stopWhen || running.some((p) => !p.live)) return;
  const lives = running.map((p) => p.live!);
  running.forEach((p) => (p.live = null));
  const merged = mergeLive(lives.map((l) => l.summary));
  const run: RunSoFar = {
    plannedDue: lives.reduce((a, l) => a + l.run.plannedDue, 0),
    settledS: Math.min(...lives.map((l) => l.run.settledS)),
  };
  const reason = hooks.stopWhen(merged, run);
  if (reason) stop(reason);
}

function mergeOutcomes(outcomes: Array<RunOutcome | null>, crashes: Array<string | null>, slices: SessionSlice[]): PoolOutcome {
  const done = outcomes.flatMap((o) => (o ? [o] : []));
  const crashed = crashes.flatMap((c) => (c ? [c] : []));
  const summary = done.length ? mergeMeasurements(done.map((o) => o.summary), { globalSessionIndices: true }).summary : new Recorder({ sessions: 0 }).summary(0, 0);
  const first = done[0];
  const workers: WorkerReport[] = outcomes.map((o, w) => ({
    worker: w + 1,
    sessions: slices[w].indices.length,
    crashed: crashes[w],
    chunks_acked: o?.summary.counts.chunks_acked ?? 0,
    send_lag_p99_ms: o?.summary.metrics.send_lag_ms.p99 ?? null,
    event_loop_delay_p99_ms: o?.summary.event_loop_delay_p99_ms ?? null,
    setup_ms: o?.setupMs ?? null,
  }));
  return {
    summary,
    interrupted: done.some((o) => o.interrupted),
    unusable: done.length && done.every((o) => o.unusable) ? first.unusable : null,
    warnings: [...crashed, ...new Set(done.flatMap((o) => o.warnings))],
    extensions: done.find((o) => o.extensions)?.extensions ?? '',
    startedAt: done.map((o) => o.startedAt).sort()[0] ?? new Date().toISOString(),
    stoppedEarly: done.find((o) => o.stoppedEarly)?.stoppedEarly ?? (crashed[0] ?? null),
    setupMs: Math.max(0, ...done.map((o) => o.setupMs ?? 0)),
    workers,
  };
}
