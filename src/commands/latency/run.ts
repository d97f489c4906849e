/**
 * `latency` without the CLI: the guide's latency test. One session; N chunks sent one at a time,
 * each waiting for its reply (and at least one chunk interval after the previous send, so the
 * audio flows no faster than real time). A chunk with no reply within the timeout counts as an
 * error and, as in the guide, as a round trip of the timeout itself; its late reply, if any,
 * is consumed so later chunks stay matched.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { Api, sessionSocketUrl } from '../../load/api.js';
import { precomputeChunks } from '../../load/audio.js';
import { audioChunkFrame, chunkFramePrefix } from '../../load/protocol.js';
import { evaluateThresholds } from '../../evaluate/check.js';
import { checkGenerator } from '../../evaluate/generator.js';
import { decideVerdict } from '../../evaluate/verdict.js';
import type { Threshold } from '../../evaluate/thresholds.js';
import { newHistogram, summarize, type Histogram } from '../../measure/histogram.js';
import type { Summary } from '../../measure/types.js';
import { watchEventLoop } from '../../measure/loop-delay.js';
import { Recorder } from '../../measure/recorder.js';
import type { Result } from '../../report/result.js';
import { DEFAULT_PIPELINE } from '../../scenario.js';
import { sessionPayload } from '../../check/context.js';
import { buildResult } from '../../report/result.js';
import { CheckSocket } from '../../check/socket.js';
import { INSECURE_WARNING, type TlsClientOptions } from '../../load/tls.js';
import { SequentialChunks } from '../../check/exchange.js';

export interface LatencyOptions {
  /** http(s) base URL of the server. */
  target: string;
  /** True when the target is pipebench's own reference server started for this run. */
  embedded?: boolean;
  /** Chunks to send (default 20). */
  chunks?: number;
  chunkMs?: number;
  sampleRate?: number;
  toneHz?: number;
  levelDbfs?: number;
  /** A chunk with no reply after this is an error, counted as this long (default 2 s). */
  chunkTimeoutMs?: number;
  connectTimeoutMs?: number;
  pipeline?: Readonly<Record<string, unknown>>;
  /** Where the pipeline came from, for reports ('default' or a file). */
  pipelineSource?: string;
  headers?: Record<string, string>;
  deflate?: boolean;
  /** Judged against the run (see profiles/latency.json); none by default. */
  thresholds?: readonly Threshold[];
  /** Generator health bound (--max-lag); default a quarter of chunkMs. */
  maxLagMs?: number;
  profile?: string | null;
}

export interface LatencyHooks {
  signal?: AbortSignal;
  onProgress?: (text: string) => void;
}

export const LATENCY_DEFAULTS = {
  chunks: 20, chunkMs: 100, sampleRate: 16000, toneHz: 440, levelDbfs: 0, chunkTimeoutMs: 2000, connectTimeoutMs: 5000,
  pipeline: DEFAULT_PIPELINE as Readonly<Record<string, unknown>>, pipelineSource: 'default', headers: {} as Record<string, string>,
  deflate: false, thresholds: [] as readonly Threshold[], profile: null as string | null, embedded: false,
};

/** Every option with its default filled in. */
export type LatencyPlan = typeof LATENCY_DEFAULTS & { target: string; maxLagMs?: number; tls?: TlsClientOptions };
type Plan = LatencyPlan;

/** What one latency run measured, before judging. */
export interface LatencyOutcome {
  startedAt: string;
  summary: Summary;
  run: RunState;
  interrupted: boolean;
}

/** The options with their defaults. */
export function latencyPlan(options: LatencyOptions): LatencyPlan {
  return { ...LATENCY_DEFAULTS, ...definedOnly(options) };
}

/** Run the latency test and judge it. Never throws for anything the target does. */
export async function latency(options: LatencyOptions, hooks: LatencyHooks = {}): Promise<Result> {
  const o = latencyPlan(options);
  return judgeLatency(o, await runLatency(o, hooks));
}

/** One session, the chunks one at a time. Never throws for anything the target does. */
export async function runLatency(o: LatencyPlan, hooks: LatencyHooks = {}): Promise<LatencyOutcome> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const recorder = new Recorder({ sessions: 1, measureStartMs: 0, endMs: Infinity });
  const rtt = newHistogram();
  const api = new Api({ target: o.target, headers: o.headers, timeoutMs: Math.max(o.connectTimeoutMs, 5000), connections: 1, tls: o.tls });
  const run: RunState = { unusable: null, warnings: o.tls?.insecure ? [INSECURE_WARNING] : [], extensions: '', loopP99Ms: 0 };
  try {
    await session(o, api, { recorder, rtt, signal: hooks.signal, onProgress: hooks.onProgress }, run);
  } finally {
    await api.close();
  }
  const summary = recorder.summary((performance.now() - t0) / 1000, run.loopP99Ms);
  // The guide's RTT statistics include each timeout at its full value; the recorder's omit them.
  summary.metrics.chunk_rtt_ms = summarize(rtt);
  return { startedAt, summary, run, interrupted: hooks.signal?.aborted ?? false };
}

export interface RunState {
  unusable: string | null;
  warnings: string[];
  extensions: string;
  /** Event-loop delay p99 while streaming (setup excluded: one stall there would be a short run's p99). */
  loopP99Ms: number;
}

function definedOnly<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Create, connect, stream, and always delete. */
/** Where a run's measurements and progress go. */
interface Sinks {
  recorder: Recorder;
  rtt: Histogram;
  signal?: AbortSignal;
  onProgress?: (text: string) => void;
}

async function session(o: Plan, api: Api, x: Sinks, run: RunState): Promise<void> {
  const created = await api.createSession(sessionPayload(Date.now(), 0, o));
  if (!created.ok) {
    x.recorder.sessionFailed(created.kind, created.message);
    run.unusable = created.unreachable ? `target unreachable: ${created.message}` : `${created.kind}: ${created.message}`;
    return;
  }
  x.recorder.sessionCreated(created.ms);
  try {
    const t = performance.now();
    const socket = await CheckSocket.open(sessionSocketUrl(o.target, created.sessionId), {
      headers: o.headers, timeoutMs: o.connectTimeoutMs, deflate: o.deflate, signal: x.signal, tls: o.tls,
    }).catch((err: Error) => {
      x.recorder.sessionFailed('connect failed', err.message);
      run.unusable = `connect failed: ${err.message}`;
      return null;
    });
    if (!socket) return;
    x.recorder.socketOpened(performance.now() - t, false);
    run.extensions = socket.ws.extensions;
    const loop = watchEventLoop();
    await stream(o, socket, x).finally(() => loop.stop());
    run.loopP99Ms = loop.p99Ms();
    await socket.close();
  } finally {
    const del = await api.deleteSession(created.sessionId);
    if (del.ok) x.recorder.sessionDeleted();
    else {
      x.recorder.sessionNotDeleted(del.message);
      run.warnings.push(`session ${created.sessionId} not deleted: ${del.message}`);
    }
  }
}

/** Send the chunks one at a time, never sooner than one chunk interval after the previous send. */
async function stream(o: Plan, socket: CheckSocket, x: Sinks): Promise<void> {
  const prefixes = precomputeChunks(o).map(chunkFramePrefix);
  const chunks = new SequentialChunks({ socket, recorder: x.recorder, rtt: x.rtt, timeoutMs: o.chunkTimeoutMs, signal: x.signal });
  let next = performance.now();
  for (let seq = 0; seq < o.chunks && !x.signal?.aborted; seq++) {
    await sleepUntil(next, x.signal);
    if (x.signal?.aborted) break;
    const sent = performance.now();
    next = sent + o.chunkMs;
    if (!socket.isOpen) {
      x.recorder.chunkUnsent(0, seq, sent, 'socket closed');
      continue;
    }
    socket.send(audioChunkFrame(prefixes[seq % prefixes.length], Date.now()));
    x.recorder.chunkSent(0, seq, sent, sent);
    const outcome = await chunks.complete(sent);
    x.onProgress?.(`chunk ${seq + 1}/${o.chunks}: ${outcome}`);
  }
}

/** Resolves at `at` (performance.now() ms), or at once when `signal` aborts. */
async function sleepUntil(at: number, signal?: AbortSignal): Promise<void> {
  const ms = at - performance.now();
  if (ms > 0) await delay(ms, undefined, { signal }).catch(() => {});
}

/** Thresholds, generator health and verdict. Pure. */
export function judgeLatency(o: LatencyPlan, { startedAt, summary, run, interrupted }: LatencyOutcome): Result {
  const thresholds = evaluateThresholds(o.thresholds, summary);
  const generator = checkGenerator(summary, o.chunkMs, o.maxLagMs);
  const verdict = decideVerdict({
    thresholds, generator, interrupted, sessionsStarted: summary.counts.sessions_started, targetUnusable: run.unusable ?? undefined,
  });
  const scenario = {
    sessions: 1, duration_s: Math.round(summary.measured_s * 10) / 10, ramp_up_s: 0, warmup_s: 0,
    chunks: o.chunks, chunk_ms: o.chunkMs, sample_rate: o.sampleRate, tone_hz: o.toneHz, level_dbfs: o.levelDbfs,
    chunk_timeout_ms: o.chunkTimeoutMs, pipeline: o.pipelineSource, stages: Object.keys((o.pipeline.stages as object) ?? {}),
    header_names: Object.keys(o.headers), deflate: o.deflate, max_lag_ms: o.maxLagMs ?? null, profile: o.profile,
  };
  return buildResult({
    command: 'latency', startedAt, target: { url: o.target, embedded: o.embedded }, scenario, summary, generator,
    thresholds, warnings: run.unusable ? [run.unusable, ...run.warnings] : run.warnings, extensions: run.extensions,
    verdict: { verdict: verdict.verdict, reason: verdict.reason, exitCode: verdict.exitCode },
  });
}
