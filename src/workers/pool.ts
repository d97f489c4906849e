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
import type { WorkerReport } from './report.js';
import { LiveMerge } from './live-merge.js';
import { deleteLeftovers } from './cleanup.js';
import { replay, replayClock, type ReplayClock } from './forward.js';
import { teeSink, type LoadSink } from '../load/sink.js';
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
  /** The run's output sinks (--out, --verbose), fed here with the workers' forwarded events. */
  sinks?: readonly LoadSink[];
  /** Internal (tests): another entry module for the workers, and what it is told (WorkerInput.entryData). */
  entry?: { url: URL; data?: unknown };
  /** A worker silent this long has stopped answering: it is ended and its sessions deleted (default 15 s). */
  unresponsiveMs?: number;
}

/** The run's outcome, merged, with one report per worker. */
export type PoolOutcome = RunOutcome & { workers: WorkerReport[] };

/** Split `slice` over `n` workers, each keeping global indices (and so global offsets). */
export function workerSlices(slice: SessionSlice, n: number): SessionSlice[] {
  return Array.from({ length: n }, (_, w) => ({ total: slice.total, indices: strideSlice(slice.indices.length, w, n).indices.map((k) => slice.indices[k]) }));
}

/** Margin between the last worker's "ready" and the agreed start, for the message to reach everyone. */
const START_MARGIN_MS = 200;
/** A worker heard from (heartbeat: HEARTBEAT_MS) within this is still answering. */
const UNRESPONSIVE_MS = 15_000;

interface Part {
  worker: Worker;
  ready: boolean;
  progress: Progress | null;
  live: { summary: Summary; run: RunSoFar } | null;
  outcome: RunOutcome | null;
  /** Why it ended without an outcome (an error of the run). */
  crash: string | null;
  /** Sessions it created and has not deleted (deleted here if it dies). */
  sessions: Set<string>;
  lastHeardMs: number;
  /** What the main thread did about its sessions after a crash. */
  cleanup: string | null;
}

export async function runInWorkers(s: Scenario, target: { url: string; embedded: boolean }, runId: number, slice: SessionSlice | undefined, hooks: PoolHooks): Promise<PoolOutcome> {
  const own = slice ?? wholeSlice(s.sessions);
  const slices = workerSlices(own, Math.min(s.workers, own.indices.length)).filter((x) => x.indices.length > 0);
  const entry = hooks.entry?.url ?? new URL('./worker.js', import.meta.url);
  const parts: Part[] = slices.map((sl, w) => {
    const data: WorkerInput = { scenario: s, target, runId, worker: w, slice: sl, abortOnFail: hooks.stopWhen !== undefined, forwardEvents: (hooks.sinks?.length ?? 0) > 0, entryData: hooks.entry?.data };
    return {
      worker: new Worker(entry, { workerData: data }), ready: false, progress: null, live: null, outcome: null, crash: null,
      sessions: new Set(), lastHeardMs: performance.now(), cleanup: null,
    };
  });
  const send = (m: ToWorker) => parts.forEach((p) => p.outcome || p.crash || p.worker.postMessage(m));
  let stopped = false;
  const stopAll = (interrupted: boolean, reason: string | null) => {
    if (!interrupted && stopped) return;
    stopped = true;
    send({ type: 'stop', interrupted, reason });
  };
  const startWhenAllReady = () => {
    if (parts.every((x) => x.ready || x.crash)) send({ type: 'start', atMs: s.startAtMs ?? Date.now() + START_MARGIN_MS });
  };
  const onAbort = () => stopAll(true, null);
  hooks.signal?.addEventListener('abort', onAbort, { once: true });
  const progressTimer = setInterval(() => {
    const ps = parts.flatMap((p) => (p.progress ? [p.progress] : []));
    if (ps.length && hooks.onProgress) hooks.onProgress(mergeProgress(ps));
  }, 250);
  const out = hooks.sinks?.length ? teeSink(hooks.sinks) : null;
  const run = { t0: null };
  const clocks: ReplayClock[] = [];
  const live = new LiveMerge();
  const watchdog = watchAnswers(parts, hooks.unresponsiveMs ?? UNRESPONSIVE_MS);
  try {
    await Promise.all(parts.map((p, w) => new Promise<void>((resolve) => {
      p.worker.on('message', (m: FromWorker) => {
        p.lastHeardMs = performance.now();
        if (m.type === 'created') p.sessions.add(m.id);
        else if (m.type === 'deleted') p.sessions.delete(m.id);
        else if (m.type === 'events') {
          if (out) replay(m.batch, out, (clocks[w] ??= replayClock(run)));
        } else if (m.type === 'ready') {
          p.ready = true;
          startWhenAllReady();
        } else if (m.type === 'progress') p.progress = m.progress;
        else if (m.type === 'live') {
          p.live = m;
          judgeLive(parts, hooks, live, (reason) => stopAll(false, reason));
        } else if (m.type === 'done') p.outcome = m.outcome;
      });
      p.worker.on('error', (err) => {
        p.crash ??= `worker ${w + 1} crashed: ${err.message}`;
      });
      p.worker.on('exit', (code) => {
        if (p.outcome) return resolve();
        p.crash ??= `worker ${w + 1} exited with code ${code} before reporting`;
        // The others stop too (and delete their own sessions); a start nobody is waiting for is sent now.
        stopAll(false, p.crash);
        startWhenAllReady();
        void deleteLeftovers(s, target.url, p.sessions).then((note) => {
          p.cleanup = note;
          resolve();
        });
      });
    })));
  } finally {
    clearInterval(progressTimer);
    clearInterval(watchdog);
    hooks.signal?.removeEventListener('abort', onAbort);
  }
  return mergeOutcomes(parts, slices);
}

/**
 * Ends a worker that has said nothing (not even its heartbeat) for `limitMs`. When the main thread
 * itself was stalled that long, nobody could be heard: the clock restarts instead.
 */
function watchAnswers(parts: Part[], limitMs: number): NodeJS.Timeout {
  const everyMs = Math.min(1000, limitMs / 4);
  let lastTick = performance.now();
  return setInterval(() => {
    const t = performance.now();
    const stalled = t - lastTick > limitMs / 2;
    lastTick = t;
    for (const [w, p] of parts.entries()) {
      if (p.outcome || p.crash) continue;
      if (stalled) p.lastHeardMs = t;
      else if (t - p.lastHeardMs > limitMs) {
        p.crash = `worker ${w + 1} stopped answering (nothing heard for ${Math.round((t - p.lastHeardMs) / 1000)} s)`;
        void p.worker.terminate();
      }
    }
  }, everyMs);
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
function judgeLive(parts: Part[], hooks: PoolHooks, merger: LiveMerge, stop: (reason: string) => void): void {
  const running = parts.filter((p) => !p.outcome && !p.crash);
  if (!hooks.stopWhen || running.some((p) => !p.live)) return;
  const lives = running.map((p) => p.live!);
  running.forEach((p) => (p.live = null));
  const merged = merger.merge(lives.map((l) => l.summary));
  const run: RunSoFar = {
    plannedDue: lives.reduce((a, l) => a + l.run.plannedDue, 0),
    settledS: Math.min(...lives.map((l) => l.run.settledS)),
  };
  const reason = hooks.stopWhen(merged, run);
  if (reason) stop(reason);
}

function mergeOutcomes(parts: readonly Part[], slices: SessionSlice[]): PoolOutcome {
  const done = parts.flatMap((p) => (p.outcome ? [p.outcome] : []));
  const crashOf = (p: Part) => (p.crash && !p.outcome ? `${p.crash}; ${p.cleanup ?? 'its sessions were not deleted'}` : null);
  const summary = done.length ? mergeMeasurements(done.map((o) => o.summary), { globalSessionIndices: true }).summary : new Recorder({ sessions: 0 }).summary(0, 0);
  const first = done[0];
  const workers: WorkerReport[] = parts.map((p, w) => ({
    worker: w + 1,
    sessions: slices[w].indices.length,
    crashed: crashOf(p),
    chunks_acked: p.outcome?.summary.counts.chunks_acked ?? 0,
    send_lag_p99_ms: p.outcome?.summary.metrics.send_lag_ms.p99 ?? null,
    event_loop_delay_p99_ms: p.outcome?.summary.event_loop_delay_p99_ms ?? null,
    setup_ms: p.outcome?.setupMs ?? null,
  }));
  return {
    summary,
    interrupted: done.some((o) => o.interrupted),
    unusable: done.length && done.every((o) => o.unusable) ? first.unusable : null,
    // A crash is said by the generator check (workersGenerator), from the per-worker section.
    warnings: [...new Set(done.flatMap((o) => o.warnings))],
    extensions: done.find((o) => o.extensions)?.extensions ?? '',
    startedAt: done.map((o) => o.startedAt).sort()[0] ?? new Date().toISOString(),
    // A crash stopped the others: that is the crash's report (above), not an --abort-on-fail stop.
    stoppedEarly: workers.some((r) => r.crashed) ? null : done.find((o) => o.stoppedEarly)?.stoppedEarly ?? null,
    setupMs: Math.max(0, ...done.map((o) => o.setupMs ?? 0)),
    workers,
  };
}
