/**
 * Generates HTTP load on one endpoint, in one of two models (k6's executors):
 * open (`--rate`): request i is due at t0 + i / rate whether or not earlier ones returned, and its
 * latency runs from that due time (coordinated omission); closed (`--concurrency`): N workers
 * each send, await the reply, and send again. Ends at `durationMs` or after `requests`, whichever
 * comes first; returns a summary and never throws for anything the target does.
 */
import { Api } from '../load/api.js';
import type { TlsClientOptions } from '../load/tls.js';
import { watchEventLoop } from '../measure/loop-delay.js';
import type { BatchRequest } from './body.js';
import { HttpClient } from '../net/http.js';
import { outcomeOf } from './outcome.js';
import { BatchRecorder } from './recorder.js';
import type { BatchSummary } from './types.js';

export type LoadModel = { kind: 'open'; ratePerS: number; connections: number } | { kind: 'closed'; concurrency: number };

export interface BatchPlan {
  target: string;
  headers: Record<string, string>;
  /** Certificate checks for an https:// target (verified by default). */
  tls?: TlsClientOptions;
  request: BatchRequest;
  model: LoadModel;
  /** Stop issuing after this long (null: only `requests` ends the run). */
  durationMs: number | null;
  /** Stop issuing after this many requests (null: only `durationMs` ends the run). */
  requests: number | null;
  timeoutMs: number;
  /** After Ctrl-C, how long in-flight requests get before they are cut off (and not counted). */
  interruptGraceMs: number;
}

export interface BatchProgress {
  elapsedMs: number;
  /** Expected length of the run when it is known up front, else null. */
  totalMs: number | null;
  done: number;
  failed: number;
  inFlight: number;
}

export interface BatchOutcome {
  summary: BatchSummary;
  interrupted: boolean;
  unusable: string | null;
  warnings: string[];
  startedAt: string;
}

export interface BatchHooks {
  signal?: AbortSignal;
  onProgress?: (p: BatchProgress) => void;
}

const now = () => performance.now();

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function runBatch(plan: BatchPlan, hooks: BatchHooks = {}): Promise<BatchOutcome> {
  const startedAt = new Date().toISOString();
  const warnings: string[] = [];
  const api = new Api({ target: plan.target, headers: plan.headers, timeoutMs: Math.min(plan.timeoutMs, 10_000), tls: plan.tls });
  const health = await api.health().finally(() => api.close());
  if (health.unreachable) {
    const summary = new BatchRecorder(now()).summary(0, 0);
    return { summary, interrupted: false, unusable: `target unreachable: ${health.message}`, warnings, startedAt };
  }
  if (!health.ok) warnings.push(`health check failed (${health.message}); running anyway, as the batch endpoints may still work`);
  const connections = plan.model.kind === 'open' ? plan.model.connections : plan.model.concurrency;
  const client = new HttpClient({ target: plan.target, headers: plan.headers, timeoutMs: plan.timeoutMs, connections, tls: plan.tls });
  const loop = watchEventLoop();
  try {
    return { ...(await drive(plan, client, hooks, loop.p99Ms)), warnings, startedAt };
  } finally {
    loop.stop();
    await client.close();
  }
}

async function drive(plan: BatchPlan, client: HttpClient, hooks: BatchHooks, loopP99: () => number) {
  const t0 = now();
  const recorder = new BatchRecorder(t0);
  const cutOff = new AbortController();
  const req = plan.request;
  const reqHeaders = { 'content-type': req.contentType };
  const inFlight = new Set<Promise<void>>();
  const fire = (due: number, open: boolean): Promise<void> => {
    recorder.started(due, now(), open);
    const p = client.send('POST', req.path, { body: req.body, headers: reqHeaders, signal: cutOff.signal }).then((r) => recorder.ended(due, now(), outcomeOf(r)));
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    return p;
  };
  const progress = setInterval(() => hooks.onProgress?.(progressOf(plan, recorder, now() - t0)), 250);
  try {
    const stopped = () => hooks.signal?.aborted === true;
    if (plan.model.kind === 'open') await openLoop(plan, plan.model.ratePerS, t0, fire, hooks.signal);
    else await closedLoop(plan, plan.model.concurrency, t0, fire, stopped);
    const interrupted = stopped();
    // A normal end waits for every reply (each bounded by the timeout); Ctrl-C only for the grace.
    if (interrupted) {
      await Promise.race([Promise.all(inFlight), sleep(plan.interruptGraceMs)]);
      cutOff.abort();
    }
    await Promise.all(inFlight);
    const summary = recorder.summary((now() - t0) / 1000, loopP99());
    const unusable = summary.counts.http_reqs > 0 && recorder.responses === 0 ? `no request got a response (${firstError(summary)})` : null;
    return { summary, interrupted, unusable };
  } finally {
    clearInterval(progress);
  }
}

/** Issue every request due so far, then sleep until the next one is due; one timer for the run. */
async function openLoop(plan: BatchPlan, ratePerS: number, t0: number, fire: (due: number, open: boolean) => unknown, signal?: AbortSignal) {
  const intervalMs = 1000 / ratePerS;
  for (let i = 0; !signal?.aborted; ) {
    const due = t0 + i * intervalMs;
    if ((plan.durationMs !== null && due >= t0 + plan.durationMs) || (plan.requests !== null && i >= plan.requests)) return;
    const wait = due - now();
    if (wait > 0) await sleep(wait, signal);
    else {
      fire(due, true);
      i++;
    }
  }
}

/** N workers, each sending its next request when its previous reply is read. */
async function closedLoop(plan: BatchPlan, concurrency: number, t0: number, fire: (due: number, open: boolean) => Promise<void>, stopped: () => boolean) {
  let issued = 0;
  const more = () =>
    !stopped() && (plan.durationMs === null || now() < t0 + plan.durationMs) && (plan.requests === null || issued < plan.requests);
  const worker = async () => {
    while (more()) {
      issued++;
      await fire(now(), false);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

function progressOf(plan: BatchPlan, r: BatchRecorder, elapsedMs: number): BatchProgress {
  const byCount = plan.model.kind === 'open' && plan.requests !== null ? (plan.requests / plan.model.ratePerS) * 1000 : null;
  const totalMs = [plan.durationMs, byCount].filter((v): v is number => v !== null).reduce((a, b) => Math.min(a, b), Infinity);
  return { elapsedMs, totalMs: Number.isFinite(totalMs) ? totalMs : null, ...r.live(), inFlight: r.inFlight };
}

function firstError(s: BatchSummary): string {
  const e = s.errors[0];
  return e ? `${e.kind}: ${e.sample}` : 'no error recorded';
}
