/**
 * `batch` without the CLI: load one HTTP endpoint (whole pipeline, one stage, FFT or loudness)
 * with a generated sine, in an open or closed model, and judge the run against thresholds.
 */
import { buildRequest, endpointPath } from '../../batch/body.js';
import type { BatchScenario } from '../../batch/options.js';
import { runBatch, type BatchOutcome, type BatchProgress } from '../../batch/run.js';
import type { BatchResult } from '../../batch/types.js';
import { evaluateThresholds } from '../../evaluate/check.js';
import { checkGenerator } from '../../evaluate/generator.js';
import { INSECURE_WARNING } from '../../load/tls.js';
import { decideVerdict } from '../../evaluate/verdict.js';
import { buildDocument } from '../../report/result.js';
import type { TargetInfo } from '../sustained/run.js';

export interface BatchOptions {
  scenario: BatchScenario;
  target: TargetInfo;
  /** Warnings found while resolving (e.g. profile thresholds batch cannot judge). */
  warnings?: string[];
}

export interface BatchHooks {
  signal?: AbortSignal;
  onProgress?: (p: BatchProgress) => void;
}

/**
 * The generator is judged as `sustained` judges it at 100 ms chunks: send lag or event-loop
 * delay p99 above 25 ms means the latencies carry too much of pipebench's own delay.
 */
export const BATCH_GENERATOR_INTERVAL_MS = 100;

/** Run the load against `target` and judge it. Never throws for anything the target does. */
export async function batch(options: BatchOptions, hooks: BatchHooks = {}): Promise<BatchResult> {
  return judgeBatch(options, await runBatchLoad(options, hooks));
}

/** Run the load against `target`. Never throws for anything the target does. */
export function runBatchLoad(options: BatchOptions, hooks: BatchHooks = {}): Promise<BatchOutcome> {
  const s = options.scenario;
  return runBatch(
    {
      target: options.target.url, headers: { ...s.headers }, ...(s.tls ? { tls: s.tls } : {}), request: buildRequest(s.endpoint, s.audio, { ...s.pipeline }),
      model: s.model, durationMs: s.durationMs, requests: s.requests, timeoutMs: s.timeoutMs,
      interruptGraceMs: Math.min(1000, s.timeoutMs),
    },
    hooks,
  );
}

/** Thresholds, generator health and verdict on a batch outcome. Pure. */
export function judgeBatch(options: BatchOptions, o: BatchOutcome): BatchResult {
  const s = options.scenario;
  const thresholds = evaluateThresholds(s.thresholds, o.summary);
  const generator = checkGenerator(o.summary, BATCH_GENERATOR_INTERVAL_MS, s.maxLagMs ?? undefined, 'batch');
  const verdict = decideVerdict({
    thresholds, generator, interrupted: o.interrupted,
    sessionsStarted: o.summary.counts.http_reqs > 0 ? 1 : 0, targetUnusable: o.unusable ?? undefined,
  });
  return {
    ...buildDocument({
      command: 'batch', startedAt: o.startedAt, target: options.target, scenario: scenarioForReport(s), summary: o.summary,
      generator, thresholds, warnings: [...(o.unusable ? [o.unusable] : []), ...(s.tls?.insecure ? [INSECURE_WARNING] : []), ...(options.warnings ?? []), ...o.warnings], verdict,
    }),
    command: 'batch',
  };
}

function scenarioForReport(s: BatchScenario): Record<string, unknown> {
  const e = s.endpoint;
  return {
    endpoint: e.kind === 'stage' ? `stage:${e.stage}` : e.kind,
    path: endpointPath(e),
    model: s.model.kind,
    rate_per_s: s.model.kind === 'open' ? s.model.ratePerS : null,
    concurrency: s.model.kind === 'closed' ? s.model.concurrency : null,
    duration_s: s.durationMs === null ? null : s.durationMs / 1000,
    requests: s.requests,
    timeout_ms: s.timeoutMs,
    audio_seconds: s.audio.seconds,
    format: s.audio.format,
    sample_rate: s.audio.sampleRate,
    tone_hz: s.audio.toneHz,
    level_dbfs: s.audio.levelDbfs,
    pipeline: s.pipelineSource,
    header_names: Object.keys(s.headers),
    max_lag_ms: s.maxLagMs,
    profile: s.profile,
  };
}
