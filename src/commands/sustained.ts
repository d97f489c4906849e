/**
 * `sustained` without the CLI: a resolved Scenario and a target in, a Result out.
 * No printing, no process access; the programmatic API and the CLI both call this.
 */
import { precomputeChunks } from '../load/audio.js';
import { ChunkFrames, updateStageFrame } from '../load/protocol.js';
import { runSustained, type Progress, type RunOutcome } from '../load/run.js';
import { evaluateThresholds } from '../evaluate/check.js';
import { checkGenerator } from '../evaluate/generator.js';
import { decideVerdict, type VerdictOutcome } from '../evaluate/verdict.js';
import { hopelessThreshold } from '../evaluate/abort.js';
import { EXIT_CODES } from '../evaluate/exit-codes.js';
import { buildResult, type Result } from '../report/result.js';
import { createPayload, type Scenario } from '../scenario.js';

export interface TargetInfo {
  url: string;
  /** True when the target is pipebench's own reference server started for this run. */
  embedded: boolean;
}

export interface SustainedHooks {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

/** Run a sustained load against `target` and judge it. Never throws for anything the target does. */
export async function runSustainedScenario(s: Scenario, target: TargetInfo, hooks: SustainedHooks = {}): Promise<Result> {
  const runId = Date.now();
  const outcome = await runSustained(
    {
      target: target.url, sessions: s.sessions, durationMs: s.durationMs, rampUpMs: s.rampUpMs, warmupMs: s.warmupMs,
      chunkMs: s.chunkMs, chunkTimeoutMs: s.chunkTimeoutMs, connectTimeoutMs: s.connectTimeoutMs,
      interruptGraceMs: Math.min(1000, s.chunkTimeoutMs), headers: { ...s.headers }, reconnect: s.reconnect,
      deflate: s.deflate, createPayload: (i) => createPayload(s, runId, i),
      frames: new ChunkFrames(precomputeChunks(s)),
      updateEveryMs: s.updateEveryMs, pingEveryMs: s.pingEveryMs,
      updateFrames: s.updateParams.map((params) => updateStageFrame(s.updateStage, params)),
    },
    {
      ...hooks,
      stopWhen: s.abortOnFail
        ? (live, run) => {
          const t = hopelessThreshold(s.thresholds, live, run);
          return t ? `${t.metric}: ${t.expression} ${t.note} (${t.actual})` : null;
        }
        : undefined,
    },
  );
  return judge(s, target, outcome);
}

/** Thresholds, generator health and verdict: the evaluate stage, on plain data. */
export function judge(s: Scenario, target: TargetInfo, o: RunOutcome): Result {
  const thresholds = evaluateThresholds(s.thresholds, o.summary);
  const generator = checkGenerator(o.summary, s.chunkMs, s.maxLagMs ?? undefined);
  let verdict: VerdictOutcome = decideVerdict({
    thresholds, generator, interrupted: o.interrupted,
    sessionsStarted: o.summary.counts.sessions_started, targetUnusable: o.unusable ?? undefined,
  });
  const early = o.stoppedEarly ? [`stopped early (--abort-on-fail): ${o.stoppedEarly}`] : [];
  if (o.stoppedEarly && verdict.verdict === 'pass') verdict = { verdict: 'fail', exitCode: EXIT_CODES.thresholdsFailed, reason: early[0] };
  const warnings = [...(o.unusable ? [o.unusable] : []), ...early, ...o.warnings];
  return buildResult({
    command: 'sustained', startedAt: o.startedAt, target, scenario: s, summary: o.summary, generator,
    thresholds, warnings, extensions: o.extensions, verdict,
  });
}
