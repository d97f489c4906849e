/**
 * Runs the load of one plan: set sessions up (all before the clock without a ramp-up; over the
 * ramp-up otherwise), stream until the end or an abort, drain replies, and always close and delete
 * every session. Pacing (plan.pacing): open, the one Scheduler sends every chunk at its slot until
 * the schedule ends; closed (closed.ts), each chunk waits for the previous reply and the run ends
 * once every chunk is settled. Everything measurable goes to the LoadSink; this function knows
 * no statistics and never throws for anything the target does.
 */
import { Api } from './api.js';
import { INSECURE_WARNING } from './tls.js';
import type { RunPlan } from './plan.js';
import { Scheduler } from './scheduler.js';
import { ClosedPacing } from './closed.js';
import { VirtualUser } from './session.js';
import type { SessionContext } from './context.js';
import { runWindow, sliceStarts, wholeSlice, type RunWindow } from './schedule.js';
import type { LoadSink } from './sink.js';

export type { RunPlan } from './plan.js';

export interface LoadHooks {
  signal?: AbortSignal;
  /** Every 250 ms once the clock started: ms since t0 and the run's total. */
  onTick?: (elapsedMs: number, totalMs: number) => void;
  /** Once a second inside the measured window (`measuredMs` so far): a reason ends the run early. */
  stopWhen?: (measuredMs: number) => string | null;
  /**
   * Called once sessions are set up (without a ramp-up; at once with one), before the clock starts:
   * resolves to the wall-clock instant (epoch ms) the schedule starts at, agreed with other parts
   * of the run (workers); null = the usual lead after now.
   */
  ready?: (setupMs: number) => Promise<number | null>;
}

export interface LoadOutcome {
  interrupted: boolean;
  /** Set when the target was unreachable (nothing was started). */
  unreachable: string | null;
  /** At least one session was created and connected. */
  anyStarted: boolean;
  /** Sessions were set up at all (false when interrupted while waiting for --start-at). */
  attempted: boolean;
  warnings: string[];
  /** WebSocket extensions the server negotiated ('' = none). */
  extensions: string;
  startedAt: string;
  /** Why the run ended before its duration (stopWhen), or null. */
  stoppedEarly: string | null;
  /** Measured window actually run, ms. */
  measuredMs: number;
  /** Time spent setting sessions up before the clock started (0 with a ramp-up), ms. */
  setupMs: number;
}

const now = () => performance.now();

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

/** A wait that ends early when `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

export async function runLoad(plan: RunPlan, sink: LoadSink, hooks: LoadHooks = {}): Promise<LoadOutcome> {
  // Health, create and delete answer within the connect timeout, so a target that accepts
  // connections and never answers costs seconds, not minutes.
  const api = new Api({ target: plan.target, headers: { ...plan.headers }, timeoutMs: plan.connectTimeoutMs, tls: plan.tls, ledger: plan.ledger });
  const startedAt = new Date().toISOString();
  const warnings: string[] = plan.tls?.insecure ? [INSECURE_WARNING] : [];
  try {
    const health = await api.health();
    if (health.unreachable) {
      return {
        interrupted: false, unreachable: `target unreachable: ${health.message}`, anyStarted: false, attempted: false, warnings,
        extensions: '', startedAt, stoppedEarly: null, measuredMs: 0, setupMs: 0,
      };
    }
    if (!health.ok) warnings.push(`health check failed (${health.message}); running anyway, as the pipeline endpoints may still work`);
    const at = plan.startAtMs ?? null;
    if (at !== null && !(await waitUntilWallClock(at - Math.max(START_LEAD_MS, plan.chunkMs), hooks.signal))) {
      return {
        interrupted: true, unreachable: null, anyStarted: false, attempted: false, warnings, extensions: '', startedAt,
        stoppedEarly: null, measuredMs: 0, setupMs: 0,
      };
    }
    const window = { measureStartMs: Infinity, endMs: -Infinity };
    return await stream(plan, { plan, api, sink, now, window }, hooks, warnings, at === null ? startedAt : new Date(at).toISOString());
  } finally {
    await api.close();
  }
}

async function stream(plan: RunPlan, ctx: SessionContext, hooks: LoadHooks, warnings: string[], startedAt: string): Promise<LoadOutcome> {
  const own = sliceStarts(plan.slice ?? wholeSlice(plan.sessions), plan.chunkMs, plan.rampUpMs);
  // Closed pacing (closed.ts) replaces the one Scheduler; the open path below is unchanged.
  const closed = plan.pacing === 'closed' ? new ClosedPacing(now, plan.chunkTimeoutMs) : null;
  const vus = own.map((o) => closed?.user(o.index, ctx) ?? new VirtualUser(o.index, ctx));
  const stop = new AbortController();
  const onUserAbort = () => stop.abort();
  hooks.signal?.addEventListener('abort', onUserAbort, { once: true });
  let scheduler: Scheduler<VirtualUser> | ClosedPacing | null = null;
  let watch: NodeJS.Timeout | null = null;
  try {
    // Without a ramp-up, every session is set up before the clock starts, so no chunk of the
    // plan falls due while sessions are still being created (the schedule is the plan's).
    const setupFirst = plan.rampUpMs <= 0;
    const setupStart = now();
    const prepared = setupFirst ? await settled(vus.map((vu) => vu.prepare()), stop.signal) : null;
    const setupMs = setupFirst ? now() - setupStart : 0;
    // One full collection between setup and the clock, when the host exposes gc (the CLI does:
    // cli/heap.ts), so the mark-compact that setup's garbage would soon need is not in the stream.
    if (setupFirst) (globalThis as { gc?: () => void }).gc?.();
    // The schedule starts one lead after now (or at the agreed instant), so sessions that are
    // ready within the lead stream their full share.
    const agreed = hooks.ready ? await raceAbort(hooks.ready(setupMs), stop.signal) : null;
    const startAt = agreed ?? plan.startAtMs ?? null;
    const t0 = startAt !== null ? now() + (startAt - Date.now()) : now() + Math.max(100, plan.chunkMs);
    if (t0 < now()) warnings.push(`this run reached its sessions ${Math.round(now() - t0)} ms after --start-at; its first chunks were never due`);
    const win = runWindow(t0, plan.rampUpMs, plan.warmupMs, plan.durationMs);
    // Closed pacing ends when every chunk is settled, however late: all of them are measured.
    const measuredEnd = closed ? Infinity : win.endMs;
    ctx.window.measureStartMs = win.measureStartMs;
    ctx.window.endMs = measuredEnd;
    ctx.sink.clockStarted(t0, win.measureStartMs, measuredEnd);
    if (closed) closed.endMs = win.endMs;
    const sched = (scheduler = closed ?? new Scheduler<VirtualUser>(now, win.endMs));
    const starts = vus.map(async (vu, k) => {
      if (prepared) {
        if (!prepared[k] || stop.signal.aborted) return false;
      } else {
        await sleep(own[k].rampDelayMs, stop.signal);
        if (stop.signal.aborted || !(await vu.prepare()) || stop.signal.aborted) return false;
      }
      vu.begin(t0, own[k].offsetMs);
      sched.add(vu);
      return true;
    });
    sched.start();
    const anyStarted = Promise.all(starts).then((oks) => oks.some(Boolean));
    let stoppedEarly: string | null = null;
    watch = watchRun(plan, hooks, t0, win, (reason) => {
      stoppedEarly = reason;
      stop.abort();
    });
    await until(measuredEnd, stop.signal, anyStarted, closed ? Promise.all(starts).then(() => closed.finished()) : null);
    const interrupted = hooks.signal?.aborted === true;
    if (!interrupted && stoppedEarly === null && sched instanceof Scheduler) sched.catchUp();
    sched.stopSending();
    const stoppedAt = now();
    await drain(vus, stoppedAt + (interrupted ? plan.interruptGraceMs : plan.chunkTimeoutMs + 100), hooks.signal, interrupted);
    sched.close();
    const started = await anyStarted;
    await Promise.all(vus.map((vu) => vu.finish(interrupted ? 'was interrupted' : stoppedEarly ? 'stopped early' : 'ended')));
    const measuredMs = Math.max(0, Math.min(stoppedAt, measuredEnd) - win.measureStartMs);
    const extensions = vus.find((v) => v.extensions)?.extensions ?? '';
    return { interrupted, unreachable: null, anyStarted: started, attempted: true, warnings, extensions, startedAt, stoppedEarly, measuredMs, setupMs };
  } finally {
    if (watch) clearInterval(watch);
    hooks.signal?.removeEventListener('abort', onUserAbort);
    scheduler?.close();
    // Sessions set up before an abort during set-up are still deleted (finish is idempotent).
    await Promise.all(vus.map((vu) => vu.finish('was interrupted')));
  }
}

/** `p`'s value, or null as soon as `signal` aborts. */
function raceAbort<T>(p: Promise<T | null>, signal: AbortSignal): Promise<T | null> {
  if (signal.aborted) return Promise.resolve(null);
  return new Promise((resolve) => {
    const onAbort = () => resolve(null);
    signal.addEventListener('abort', onAbort, { once: true });
    void p.then((v) => {
      signal.removeEventListener('abort', onAbort);
      resolve(v);
    });
  });
}

/** Every promise's result, or as soon as `signal` aborts, false for those not yet settled. */
async function settled(ps: Promise<boolean>[], signal: AbortSignal): Promise<boolean[]> {
  const out = ps.map(() => false);
  if (signal.aborted) return out;
  let onAbort = () => {};
  const aborted = new Promise<void>((resolve) => (onAbort = resolve));
  signal.addEventListener('abort', onAbort, { once: true });
  await Promise.race([Promise.all(ps.map((p, i) => p.then((ok) => (out[i] = ok)))), aborted]);
  signal.removeEventListener('abort', onAbort);
  return out;
}

/** onTick every 250 ms; once a second inside the measured window, ask `stopWhen` whether to go on. */
function watchRun(plan: RunPlan, hooks: LoadHooks, t0: number, win: RunWindow, stopEarly: (reason: string) => void): NodeJS.Timeout {
  let ticks = 0;
  return setInterval(() => {
    const t = now();
    hooks.onTick?.(Math.max(0, t - t0), win.endMs - t0);
    if (!hooks.stopWhen || ++ticks % 4 !== 0 || t < win.measureStartMs) return;
    const reason = hooks.stopWhen(Math.min(t, win.endMs) - win.measureStartMs);
    if (reason) stopEarly(reason);
  }, 250);
}

/**
 * Wait for the end of the run (`endMs`, or `finished` resolving: closed pacing), an abort, or the
 * news that no session started at all.
 */
async function until(endMs: number, signal: AbortSignal, anyStarted: Promise<boolean>, finished: Promise<void> | null): Promise<'end' | 'aborted' | 'none'> {
  if (signal.aborted) return 'aborted';
  return new Promise((resolve) => {
    // setTimeout drops the fraction of its delay, so it can wake up to a millisecond early: wait again
    // until the end has passed, or the sessions with the latest phase offsets lose their last chunk.
    const atEnd = (): NodeJS.Timeout => setTimeout(() => (now() >= endMs ? finish('end') : (timer = atEnd())), Math.max(0, Math.ceil(endMs - now())));
    let timer = Number.isFinite(endMs) ? atEnd() : null;
    const onAbort = () => finish('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    void anyStarted.then((ok) => {
      if (!ok) finish('none');
    });
    void finished?.then(() => finish('end'));
    function finish(why: 'end' | 'aborted' | 'none') {
      if (timer) clearTimeout(timer);
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
