/**
 * Runs the sustained load: start sessions over the ramp-up, stream until the end or an abort,
 * drain replies, and always close and delete every session. Errors are measurements: this
 * function returns a summary and never throws for anything the target does.
 */
import { Api } from './api.js';
import type { ChunkFrames } from './protocol.js';
import type { ReturnedAudioTap } from './audio.js';
import { Scheduler } from './scheduler.js';
import { VirtualUser, type SessionShared } from './session.js';
import { runWindow, sliceStarts, wholeSlice, type RunWindow, type SessionSlice } from './schedule.js';
import { Recorder, type LiveStats } from '../measure/recorder.js';
import { watchEventLoop } from '../measure/loop-delay.js';
import type { RunSoFar, Summary } from '../measure/types.js';

export interface RunPlan {
  target: string;
  /** Sessions of the global plan. */
  sessions: number;
  /** The global indices this run owns (a shard or worker); all `sessions` when absent. */
  slice?: SessionSlice;
  /**
   * Wall-clock instant (epoch ms) the schedule starts at, shared by every shard of a plan; the
   * run waits (abortable) and creates its sessions in the START_LEAD_MS before it. Absent: now.
   */
  startAtMs?: number | null;
  durationMs: number;
  rampUpMs: number;
  warmupMs: number;
  chunkMs: number;
  chunkTimeoutMs: number;
  connectTimeoutMs: number;
  /** Grace for in-flight replies after Ctrl-C. */
  interruptGraceMs: number;
  headers: Record<string, string>;
  reconnect: boolean;
  deflate: boolean;
  createPayload: (index: number) => unknown;
  frames: ChunkFrames;
  /** The loop chunk each session starts at, by session index (absent: all at 0). */
  chunkOffsets?: readonly number[];
  /** Gets the processed_audio frames of the sessions it watches (the audio check). */
  audioTap?: ReturnedAudioTap;
  /** Live update_stage every this many ms, cycling through these frames (null = none). */
  updateEveryMs: number | null;
  updateFrames: string[];
  pingEveryMs: number | null;
}

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
}

export interface RunHooks {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Checked once a second with a live summary: a reason ends the run early (`--abort-on-fail`). */
  stopWhen?: (live: Summary, run: RunSoFar) => string | null;
}

const now = () => performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** With a start instant, sessions are created and connected during this lead before it. */
export const START_LEAD_MS = 2000;

/** Resolve true at wall-clock `atMs`, or false as soon as `signal` aborts. */
export function waitUntilWallClock(atMs: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(true), Math.max(0, atMs - Date.now()));
    const onAbort = () => done(false);
    signal?.addEventListener('abort', onAbort, { once: true });
    function done(ok: boolean) {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(ok);
    }
  });
}

export async function runSustained(plan: RunPlan, hooks: RunHooks = {}): Promise<RunOutcome> {
  const api = new Api({ target: plan.target, headers: plan.headers, timeoutMs: Math.max(plan.connectTimeoutMs, 5000) });
  const loop = watchEventLoop();
  const startedAt = new Date().toISOString();
  const warnings: string[] = [];
  try {
    const health = await api.health();
    if (health.unreachable) {
      const recorder = new Recorder({ sessions: plan.sessions, measureStartMs: 0, endMs: 0 });
      return { summary: recorder.summary(0, 0), interrupted: false, unusable: `target unreachable: ${health.message}`, warnings, extensions: '', startedAt };
    }
    if (!health.ok) warnings.push(`health check failed (${health.message}); running anyway, as the pipeline endpoints may still work`);
    const at = plan.startAtMs ?? null;
    if (at !== null && !(await waitUntilWallClock(at - Math.max(START_LEAD_MS, plan.chunkMs), hooks.signal))) {
      const recorder = new Recorder({ sessions: plan.sessions, measureStartMs: 0, endMs: 0 });
      return { summary: recorder.summary(0, 0), interrupted: true, unusable: null, warnings, extensions: '', startedAt };
    }
    return await stream(plan, api, hooks, warnings, at === null ? startedAt : new Date(at).toISOString(), loop.p99Ms);
  } finally {
    loop.stop();
    await api.close();
  }
}

async function stream(
  plan: RunPlan, api: Api, hooks: RunHooks, warnings: string[], startedAt: string, loopP99: () => number,
): Promise<RunOutcome> {
  // The schedule starts one lead after now (or at the agreed instant), so sessions that connect
  // within the lead stream their full share.
  const t0 = plan.startAtMs != null ? now() + (plan.startAtMs - Date.now()) : now() + Math.max(100, plan.chunkMs);
  if (t0 < now()) warnings.push(`this run reached its sessions ${Math.round(now() - t0)} ms after --start-at; its first chunks were never due`);
  const win = runWindow(t0, plan.rampUpMs, plan.warmupMs, plan.durationMs);
  const recorder = new Recorder({ sessions: plan.sessions, measureStartMs: win.measureStartMs, endMs: win.endMs });
  const shared: SessionShared = {
    api, recorder, now, target: plan.target, headers: plan.headers, createPayload: plan.createPayload,
    frames: plan.frames, chunkOffsets: plan.chunkOffsets, audioTap: plan.audioTap, chunkMs: plan.chunkMs, chunkTimeoutMs: plan.chunkTimeoutMs,
    connectTimeoutMs: plan.connectTimeoutMs, reconnect: plan.reconnect, deflate: plan.deflate,
    updateEveryMs: plan.updateEveryMs, updateFrames: plan.updateFrames, pingEveryMs: plan.pingEveryMs,
  };
  const scheduler = new Scheduler<VirtualUser>(now, win.endMs);
  const own = sliceStarts(plan.slice ?? wholeSlice(plan.sessions), plan.chunkMs, plan.rampUpMs);
  const vus = own.map((o) => new VirtualUser(o.index, shared));
  const stop = new AbortController();
  const onUserAbort = () => stop.abort();
  hooks.signal?.addEventListener('abort', onUserAbort, { once: true });
  const starts = vus.map((vu, k) =>
    sleep(own[k].rampDelayMs).then(async () => {
      if (stop.signal.aborted) return false;
      const ok = await vu.start(t0, own[k].offsetMs);
      if (ok && !stop.signal.aborted) scheduler.add(vu);
      return ok;
    }),
  );
  scheduler.start();
  const anyStarted = Promise.all(starts).then((oks) => oks.some(Boolean));
  let stoppedEarly: string | null = null;
  const watch = watchRun(plan, hooks, recorder, t0, win, loopP99, (reason) => {
    stoppedEarly = reason;
    stop.abort();
  });
  try {
    await until(win.endMs, stop.signal, anyStarted);
    const interrupted = hooks.signal?.aborted === true;
    scheduler.stopSending();
    const stoppedAt = now();
    await drain(vus, stoppedAt + (interrupted ? plan.interruptGraceMs : plan.chunkTimeoutMs + 100), hooks.signal, interrupted);
    scheduler.close();
    const started = await anyStarted;
    await Promise.all(vus.map((vu) => vu.finish(interrupted ? 'was interrupted' : stoppedEarly ? 'stopped early' : 'ended')));
    const measuredMs = Math.min(stoppedAt, win.endMs) - win.measureStartMs;
    const summary = recorder.summary(Math.max(0, measuredMs) / 1000, loopP99());
    const unusable = started ? null : `no session could be created or connected (${firstError(summary)})`;
    const extensions = vus.find((v) => v.extensions)?.extensions ?? '';
    return { summary, interrupted, unusable, warnings, extensions, startedAt, stoppedEarly };
  } finally {
    clearInterval(watch);
    hooks.signal?.removeEventListener('abort', onUserAbort);
    scheduler.close();
  }
}

/** Progress every 250 ms; once a second, ask `stopWhen` whether the run can still pass. */
function watchRun(
  plan: RunPlan, hooks: RunHooks, recorder: Recorder, t0: number, win: RunWindow, loopP99: () => number,
  stopEarly: (reason: string) => void,
): NodeJS.Timeout {
  let ticks = 0;
  const plannedDue = (plan.slice?.indices.length ?? plan.sessions) * Math.floor(plan.durationMs / plan.chunkMs);
  return setInterval(() => {
    hooks.onProgress?.({ elapsedMs: Math.max(0, now() - t0), totalMs: win.endMs - t0, live: recorder.live() });
    if (!hooks.stopWhen || ++ticks % 4 !== 0 || now() < win.measureStartMs) return;
    const measuredMs = Math.min(now(), win.endMs) - win.measureStartMs;
    const summary = recorder.summary(measuredMs / 1000, loopP99(), true);
    const reason = hooks.stopWhen(summary, { plannedDue, settledS: (measuredMs - plan.chunkTimeoutMs) / 1000 });
    if (reason) stopEarly(reason);
  }, 250);
}

/** Wait for the end of the run, an abort, or the news that no session started at all. */
async function until(endMs: number, signal: AbortSignal, anyStarted: Promise<boolean>): Promise<'end' | 'aborted' | 'none'> {
  if (signal.aborted) return 'aborted';
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish('end'), Math.max(0, endMs - now()));
    const onAbort = () => finish('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    void anyStarted.then((ok) => {
      if (!ok) finish('none');
    });
    function finish(why: 'end' | 'aborted' | 'none') {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(why);
    }
  });
}

/** Let in-flight replies arrive, up to a deadline; a (second) abort cuts it short after an interrupt. */
async function drain(vus: VirtualUser[], deadline: number, signal: AbortSignal | undefined, interrupted: boolean): Promise<void> {
  while (now() < deadline && vus.some((v) => v.inFlight > 0)) {
    if (!interrupted && signal?.aborted) return;
    await sleep(10);
  }
}

function firstError(summary: Summary): string {
  const e = summary.errors[0];
  return e ? `${e.kind}: ${e.sample}` : 'no error recorded';
}
