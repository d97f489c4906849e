/**
 * `sustained` stages: a resolved Scenario and a target in, the load's outcome out (`runLoad`),
 * then judged (`judge`, pure). `capacity` runs one of these per level.
 */
import { prepareAudio, saveRecordings, type PreparedAudio } from '../../audio/prepare.js';
import { ChunkFrames, updateStageFrame } from '../../load/protocol.js';
import { runSustained, type Progress, type RunOutcome } from '../../measure/run.js';
import type { LoadSink } from '../../load/sink.js';
import type { SessionLedger } from '../../load/api.js';
import { evaluateThresholds } from '../../evaluate/check.js';
import { checkGenerator } from '../../evaluate/generator.js';
import { decideVerdict, outcome as verdictOutcome, type VerdictOutcome } from '../../evaluate/verdict.js';
import { AbortJudge } from '../../evaluate/abort.js';
import { buildResult, scenarioForReport, type Result } from '../../report/result.js';
import { createPayload, type Scenario } from '../../scenario.js';
import type { TargetInfo } from '../../spine/spec.js';
import { scenarioShard } from '../../shard/plan.js';
import type { SessionSlice } from '../../load/schedule.js';
import type { RunSoFar, Summary } from '../../measure/types.js';
import { runInWorkers } from '../../workers/pool.js';
import { workersGenerator } from '../../workers/report.js';

export type { TargetInfo };

export interface SustainedHooks {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** The run's id (in pipeline ids, and the run_id of live outputs); default: now in ms. */
  runId?: number;
  /** A worker thread's part of the plan (set by src/workers/worker.ts; absent: this run's own slice). */
  slice?: SessionSlice;
  /** A worker's clock start agreed with the main thread. */
  ready?: (setupMs: number) => Promise<number | null>;
  /** A worker's live summaries carry histograms (the main thread merges them for --abort-on-fail). */
  liveHistograms?: boolean;
  /** Replaces the --abort-on-fail judgement (a worker defers it to the main thread). */
  stopWhen?: (live: Summary, run: RunSoFar) => string | null;
  /** A cheap stop check, once a second (a worker told to stop by the main thread). */
  stopRequested?: () => string | null;
  /** More consumers of the load events (--out, --verbose). */
  sinks?: readonly LoadSink[];
  /** Told every session id created and deleted (a worker thread tells its main thread). */
  ledger?: SessionLedger;
}

/** Stream the scenario's load against `target`. Never throws for anything the target does. */
export async function runLoad(s: Scenario, target: TargetInfo, hooks: SustainedHooks = {}): Promise<RunOutcome> {
  const runId = hooks.runId ?? Date.now();
  const shardSlice = scenarioShard(s, target.url)?.slice;
  // One judge per run: it remembers which windows it has judged (each settled window once).
  const judge = new AbortJudge(s.thresholds);
  const stopWhen = hooks.stopWhen ?? (s.abortOnFail
    ? (live: Summary, run: RunSoFar) => {
      const t = judge.check(live, run);
      return t ? `${t.metric}: ${t.expression} ${t.note} (${t.actual})` : null;
    }
    : undefined);
  if (s.workers > 1 && !hooks.slice) {
    return runInWorkers(s, target, runId, shardSlice, { signal: hooks.signal, onProgress: hooks.onProgress, stopWhen, sinks: hooks.sinks });
  }
  const slice = hooks.slice ?? shardSlice;
  const audio = prepareAudio(s, slice?.indices);
  const outcome = await runSustained(
    {
      target: target.url, sessions: s.sessions, slice, startAtMs: s.startAtMs, durationMs: s.durationMs, rampUpMs: s.rampUpMs, warmupMs: s.warmupMs,
      chunkMs: s.chunkMs, chunkTimeoutMs: s.chunkTimeoutMs, connectTimeoutMs: s.connectTimeoutMs,
      interruptGraceMs: Math.min(1000, s.chunkTimeoutMs), headers: { ...s.headers }, tls: s.tls ?? undefined, reconnect: s.reconnect,
      deflate: s.deflate, createPayload: (i) => createPayload(s, runId, i),
      frames: new ChunkFrames(audio.source.chunks), chunkOffsets: audio.offsets, audioTap: audio.check ?? undefined,
      updateEveryMs: s.updateEveryMs, pingEveryMs: s.pingEveryMs,
      updateFrames: s.updateParams.map((params) => updateStageFrame(s.updateStage, params)),
      ledger: hooks.ledger,
    },
    {
      signal: hooks.signal,
      onProgress: hooks.onProgress,
      ready: hooks.ready,
      liveHistograms: hooks.liveHistograms,
      stopRequested: hooks.stopRequested,
      stopWhen,
      sinks: hooks.sinks,
    },
  );
  return withAudio(s, outcome, audio);
}

/** Adds the audio check's section (and saves the audio) once the run is over. */
function withAudio(s: Scenario, o: RunOutcome, audio: PreparedAudio): RunOutcome {
  const warnings = [...o.warnings, ...audio.source.notes];
  if (!audio.check) return { ...o, warnings };
  const section = audio.check.summary();
  if (s.audio.saveAudioDir) {
    try {
      section.saved_files = saveRecordings(s.audio.saveAudioDir, audio.check.recordings());
    } catch (err) {
      warnings.push(`--save-audio: could not write to ${s.audio.saveAudioDir}: ${(err as Error).message}`);
    }
  }
  return { ...o, warnings, summary: { ...o.summary, audio: section } };
}

/** Run and judge: one level of `capacity`. */
export async function runSustainedScenario(s: Scenario, target: TargetInfo, hooks: SustainedHooks = {}): Promise<Result> {
  return judge(s, target, await runLoad(s, target, hooks));
}

/** Thresholds, generator health and verdict: the evaluate stage, on plain data. Pure. */
export function judge(s: Scenario, target: TargetInfo, o: RunOutcome): Result {
  const thresholds = evaluateThresholds(s.thresholds, o.summary);
  const generator = o.workers ? workersGenerator(o.workers, s.chunkMs, s.maxLagMs ?? undefined) : checkGenerator(o.summary, s.chunkMs, s.maxLagMs ?? undefined);
  let verdict: VerdictOutcome = decideVerdict({
    thresholds, generator, interrupted: o.interrupted,
    sessionsStarted: o.summary.counts.sessions_started, targetUnusable: o.unusable ?? undefined,
  });
  const early = o.stoppedEarly ? [`stopped early (--abort-on-fail): ${o.stoppedEarly}`] : [];
  if (o.stoppedEarly && verdict.verdict === 'pass') verdict = verdictOutcome('fail', early[0]);
  // A crashed worker is an error of the run (even when no other session started): named, exit 4.
  const crash = o.workers?.find((w) => w.crashed)?.crashed;
  if (crash && verdict.verdict !== 'interrupted') verdict = verdictOutcome('invalid', crash);
  const warnings = [...(o.unusable ? [o.unusable] : []), ...early, ...notDeletedWarning(o.summary), ...o.warnings];
  // A shard reports the sessions it ran; its result names the plan and the plan's total.
  const shard = scenarioShard(s, target.url);
  const result = buildResult({
    command: 'sustained', startedAt: o.startedAt, target, scenario: scenarioForReport(shard ? { ...s, sessions: shard.slice.indices.length } : s),
    summary: o.summary, generator, thresholds, warnings, extensions: o.extensions, verdict, shard: shard?.identity,
  });
  return o.workers ? { ...result, workers: o.workers } : result;
}

/** Sessions left on the server because their DELETE failed: said in every report. */
export function notDeletedWarning(s: Summary): string[] {
  const n = s.counts.sessions_not_deleted ?? 0;
  if (n === 0) return [];
  const sample = s.errors.find((e) => e.kind === 'delete failed')?.sample ?? '';
  return [`${n} session${n === 1 ? ' was' : 's were'} not deleted (DELETE failed: ${sample}); they stay on the server until it removes them`];
}
