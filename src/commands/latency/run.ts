/**
 * `latency` without the CLI: the guide's latency test, run by the load client with closed pacing
 * (load/closed.ts) through the same runLoad → VirtualUser → LoadSink → Recorder path as
 * `sustained`. One session; N chunks, each sent once the previous reply is in and never before
 * its slot on the schedule (so the audio flows no faster than real time), its round trip timed
 * from its send. A chunk with no reply within the timeout is an error and counts as a round trip
 * of the timeout itself; its late reply, if any, is consumed so later chunks stay matched.
 */
import { precomputeChunks } from '../../load/audio.js';
import type { RunPlan } from '../../load/plan.js';
import { ChunkFrames } from '../../load/protocol.js';
import type { TlsClientOptions } from '../../load/tls.js';
import { evaluateThresholds } from '../../evaluate/check.js';
import { checkGenerator } from '../../evaluate/generator.js';
import { decideVerdict } from '../../evaluate/verdict.js';
import type { Threshold } from '../../evaluate/thresholds.js';
import { runSustained, type RunOutcome } from '../../measure/run.js';
import type { Result } from '../../report/result.js';
import { buildResult } from '../../report/result.js';
import { createPayload, DEFAULT_PIPELINE } from '../../scenario.js';
import { notDeletedWarning } from '../sustained/run.js';

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
  chunks: 20, chunkMs: 100, sampleRate: 16000, toneHz: 440, levelDbfs: -20, chunkTimeoutMs: 2000, connectTimeoutMs: 5000,
  pipeline: DEFAULT_PIPELINE as Readonly<Record<string, unknown>>, pipelineSource: 'default', headers: {} as Record<string, string>,
  deflate: false, thresholds: [] as readonly Threshold[], profile: null as string | null, embedded: false,
};

/** Every option with its default filled in. */
export type LatencyPlan = typeof LATENCY_DEFAULTS & { target: string; maxLagMs?: number; tls?: TlsClientOptions };

/** What one latency run measured, before judging: a load run's outcome. */
export type LatencyOutcome = RunOutcome;

/** The options with their defaults. */
export function latencyPlan(options: LatencyOptions): LatencyPlan {
  return { ...LATENCY_DEFAULTS, ...definedOnly(options) };
}

/** Run the latency test and judge it. Never throws for anything the target does. */
export async function latency(options: LatencyOptions, hooks: LatencyHooks = {}): Promise<Result> {
  const o = latencyPlan(options);
  return judgeLatency(o, await runLatency(o, hooks));
}

/** The load client's plan for a latency run: one session, closed pacing, `chunks` slots long. */
export function latencyRunPlan(o: LatencyPlan, runId = Date.now()): RunPlan {
  return {
    target: o.target, sessions: 1, pacing: 'closed', durationMs: o.chunks * o.chunkMs, rampUpMs: 0, warmupMs: 0,
    chunkMs: o.chunkMs, chunkTimeoutMs: o.chunkTimeoutMs, connectTimeoutMs: o.connectTimeoutMs,
    interruptGraceMs: Math.min(1000, o.chunkTimeoutMs), headers: { ...o.headers }, tls: o.tls, reconnect: false, deflate: o.deflate,
    createPayload: (i) => createPayload(o, runId, i), frames: new ChunkFrames(precomputeChunks(o)),
    updateEveryMs: null, updateFrames: [], pingEveryMs: null,
  };
}

/** One session, the chunks one at a time. Never throws for anything the target does. */
export function runLatency(o: LatencyPlan, hooks: LatencyHooks = {}): Promise<LatencyOutcome> {
  const say = hooks.onProgress;
  return runSustained(latencyRunPlan(o), {
    signal: hooks.signal,
    onProgress: say ? ({ live }) => say(`chunk ${live.acked + live.errors}/${o.chunks} settled, ${live.errors} errors`) : undefined,
  });
}

function definedOnly<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Thresholds, generator health and verdict. Pure. */
export function judgeLatency(o: LatencyPlan, run: LatencyOutcome): Result {
  const { summary } = run;
  const thresholds = evaluateThresholds(o.thresholds, summary);
  const generator = checkGenerator(summary, o.chunkMs, o.maxLagMs);
  const verdict = decideVerdict({
    thresholds, generator, interrupted: run.interrupted, sessionsStarted: summary.counts.sessions_started, targetUnusable: run.unusable ?? undefined,
  });
  const scenario = {
    sessions: 1, duration_s: Math.round(summary.measured_s * 10) / 10, ramp_up_s: 0, warmup_s: 0,
    chunks: o.chunks, chunk_ms: o.chunkMs, sample_rate: o.sampleRate, tone_hz: o.toneHz, level_dbfs: o.levelDbfs,
    chunk_timeout_ms: o.chunkTimeoutMs, pipeline: o.pipelineSource, stages: Object.keys((o.pipeline.stages as object) ?? {}),
    header_names: Object.keys(o.headers), deflate: o.deflate, max_lag_ms: o.maxLagMs ?? null, profile: o.profile,
  };
  return buildResult({
    command: 'latency', startedAt: run.startedAt, target: { url: o.target, embedded: o.embedded }, scenario, summary, generator,
    thresholds, warnings: [...(run.unusable ? [run.unusable] : []), ...notDeletedWarning(summary), ...run.warnings], extensions: run.extensions,
    verdict: { verdict: verdict.verdict, reason: verdict.reason, exitCode: verdict.exitCode },
  });
}
