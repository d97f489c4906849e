/**
 * A measured load run: load/'s `runLoad` reporting into a Recorder (plus any extra sinks), the
 * generator's event-loop delay watched alongside, and the numbers summarised at the end.
 */
import { runLoad, type LoadOutcome } from '../load/run.js';
import { ownedSessions, type RunPlan } from '../load/plan.js';
import { teeSink, type LoadSink } from '../load/sink.js';
import { Recorder, type LiveStats } from './recorder.js';
import { watchEventLoop } from './loop-delay.js';
import type { RunSoFar, Summary } from './types.js';
import type { WorkerReport } from '../workers/report.js';
import { sessionsText } from '../units.js';

export interface Progress {
  elapsedMs: number;
  totalMs: number;
  live: LiveStats;
}

export interface RunOutcome {
  summary: Summary;
  interrupted: boolean;
  /** Set when the target could not be used at all (nothing reachable, no session created). */
  unusable: string | null;
  warnings: string[];
  /** WebSocket extensions the server negotiated ('' = none). */
  extensions: string;
  startedAt: string;
  /** Why the run ended before its duration (stopWhen), or null. */
  stoppedEarly?: string | null;
  /** Time spent setting sessions up before the clock started, ms. */
  setupMs?: number;
  /** With --workers N > 1: each worker's own figures (the summary is their exact merge). */
  workers?: WorkerReport[];
}

export interface RunHooks {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Checked once a second with a live summary: a reason ends the run early (`--abort-on-fail`). */
  stopWhen?: (live: Summary, run: RunSoFar) => string | null;
  /** More consumers of the raw load events (per-chunk records, live metrics, audio checks). */
  sinks?: readonly LoadSink[];
  /** The clock's start instant agreed with the other workers of the run (see LoadHooks.ready). */
  ready?: (setupMs: number) => Promise<number | null>;
  /** Checked once a second before `stopWhen`, without a summary: a reason ends the run early. */
  stopRequested?: () => string | null;
  /** Live summaries for `stopWhen` carry encoded histograms (a worker's, merged by the main thread). */
  liveHistograms?: boolean;
}

export async function runSustained(plan: RunPlan, hooks: RunHooks = {}): Promise<RunOutcome> {
  const timeoutRttMs = plan.pacing === 'closed' ? plan.chunkTimeoutMs : undefined;
  const recorder = new Recorder({ sessions: plan.sessions, timeoutRttMs });
  const loop = watchEventLoop();
  const plannedDue = ownedSessions(plan) * Math.floor(plan.durationMs / plan.chunkMs);
  const { stopWhen, onProgress, stopRequested } = hooks;
  let o: LoadOutcome;
  try {
    o = await runLoad(plan, teeSink([recorder, ...(hooks.sinks ?? [])]), {
      signal: hooks.signal,
      ready: hooks.ready,
      onTick: onProgress ? (elapsedMs, totalMs) => onProgress({ elapsedMs, totalMs, live: recorder.live(performance.now()) }) : undefined,
      stopWhen: stopWhen || stopRequested
        ? (measuredMs) => stopRequested?.() ?? (stopWhen ? stopWhen(recorder.summary(measuredMs / 1000, loop.p99Ms(), !hooks.liveHistograms), {
          plannedDue, settledS: (measuredMs - plan.chunkTimeoutMs) / 1000,
        }) : null)
        : undefined,
    });
  } finally {
    loop.stop();
  }
  // The plan's chunks stay due when a session never started: due, and lost under their own kind.
  const missing = plannedDue - recorder.counts.chunks_due;
  if (o.anyStarted && !o.interrupted && !o.stoppedEarly && recorder.counts.sessions_failed > 0 && missing > 0) {
    recorder.chunksNeverSent(missing, 'session not started', `${recorder.counts.sessions_failed} of ${sessionsText(ownedSessions(plan))} could not be created or connected`);
  }
  const summary = recorder.summary(o.measuredMs / 1000, o.unreachable ? 0 : loop.p99Ms());
  const unusable = o.unreachable ?? (o.anyStarted || !o.attempted ? null : `no session could be created or connected (${firstError(summary)})`);
  return {
    summary, interrupted: o.interrupted, unusable, warnings: o.warnings, extensions: o.extensions,
    startedAt: o.startedAt, stoppedEarly: o.stoppedEarly, setupMs: o.setupMs,
  };
}

function firstError(summary: Summary): string {
  const e = summary.errors[0];
  return e ? `${e.kind}: ${e.sample}` : 'no error recorded';
}
