/** The versioned result document (`pipebench/result@1`): what --json writes and reports render. */
import { arch, cpus, platform, release } from 'node:os';
import type { ThresholdResult } from '../evaluate/check.js';
import type { Verdict } from '../evaluate/verdict.js';
import type { LatencySummary, Measurements, Summary } from '../measure/types.js';
import type { Scenario } from '../scenario.js';
import type { CheckRow } from '../check/types.js';
import type { CapacityAnswer, LevelReport } from '../capacity/types.js';
import { VERSION } from '../version.js';
import type { ShardIdentity } from '../shard/plan.js';
import type { WorkerReport } from '../workers/report.js';
import type { MergedShards } from '../merge/shards.js';

export const RESULT_SCHEMA = 'pipebench/result@1';

export interface GeneratorReport {
  healthy: boolean;
  warnings: string[];
  send_lag_p99_ms: number;
  event_loop_delay_p99_ms: number;
}

/** What some commands add to the envelope: typed, optional, never renamed. */
export interface ResultExtras {
  /** `check`: one row per check. */
  checks?: CheckRow[];
  /** `capacity`: one row per judged level, and the answer. */
  levels?: LevelReport[];
  capacity?: CapacityAnswer;
  /** `batch`: HTTP status → count. */
  status_counts?: Record<string, number>;
}

/** The envelope: the fields every command's result document has, whatever the command measured. */
export interface Envelope extends ResultExtras {
  schema: typeof RESULT_SCHEMA;
  command: string;
  /** The run's id (pipeline ids `pipebench-<run_id>-<i>`, the run_id label of live outputs). */
  run_id?: string;
  /** --tag key=value labels, carried into every output. */
  tags?: Record<string, string>;
  started_at: string;
  target: { url: string; embedded: boolean };
  scenario: Record<string, unknown>;
  measured_s: number;
  generator: GeneratorReport;
  thresholds: ThresholdResult[];
  warnings: string[];
  /** What the WebSocket negotiated (the streaming commands). */
  websocket?: { extensions: string };
  verdict: Verdict;
  verdict_reason: string;
  exit_code: number;
  fingerprint: { pipebench: string; node: string; os: string; cpu: string; cpus: number };
  /** Set when this run was one shard of a larger plan (`--shard I/N`). */
  shard?: ShardIdentity;
  /** With `--workers N` > 1: each generator thread's figures (the worst decides generator health). */
  workers?: WorkerReport[];
  /** Set on a merge of shards: the plan and which shards went in. */
  shards?: MergedShards;
}

/**
 * The one result document: the envelope around what the command measured (`M`; the generator's
 * event-loop delay moves into `generator`). Every command's result is one (batch's measurements
 * are BatchSummary, see batch/types.ts); report files, the runner and merge take any of them.
 */
export type ResultDocument<M extends Measurements = Measurements> = Omit<M, 'event_loop_delay_p99_ms'> & Envelope;

/** The metrics a result measured, by name (a command's absent ones left out). */
export function presentMetrics(r: Pick<ResultDocument, 'metrics'>): Array<[string, LatencySummary]> {
  return Object.entries(r.metrics).flatMap(([name, m]) => (m ? [[name, m] as [string, LatencySummary]] : []));
}

/** A streaming command's document (sustained, latency, check, capacity, merge): Summary measurements and the WebSocket. */
export interface Result extends ResultDocument<Summary> {
  websocket: { extensions: string };
}

/** The scenario as people read it: units in names, header values never included. */
export function scenarioForReport(s: Scenario): Record<string, unknown> {
  return {
    sessions: s.sessions,
    duration_s: s.durationMs / 1000,
    ramp_up_s: s.rampUpMs / 1000,
    warmup_s: s.warmupMs / 1000,
    chunk_ms: s.chunkMs,
    sample_rate: s.sampleRate,
    tone_hz: s.toneHz,
    level_dbfs: s.levelDbfs,
    audio: s.audio.file ?? null,
    signal: s.audio.file ? null : s.audio.signal,
    audio_offset: s.audio.offset,
    audio_check_sessions: s.audio.checkSessions,
    chunk_timeout_ms: s.chunkTimeoutMs,
    pipeline: s.pipelineSource,
    stages: Object.keys((s.pipeline.stages as Record<string, unknown>) ?? {}),
    header_names: Object.keys(s.headers),
    reconnect: s.reconnect,
    deflate: s.deflate,
    update_every_ms: s.updateEveryMs,
    update_stage: s.updateEveryMs ? s.updateStage : null,
    ping_every_ms: s.pingEveryMs,
    abort_on_fail: s.abortOnFail,
    max_lag_ms: s.maxLagMs,
    profile: s.profile,
  };
}

export function fingerprint(): Result['fingerprint'] {
  const c = cpus();
  return {
    pipebench: VERSION,
    node: process.version,
    os: `${platform()} ${release()} ${arch()}`,
    cpu: c[0]?.model?.trim() ?? 'unknown',
    cpus: c.length,
  };
}

export interface ResultParts<S extends Measurements = Summary> {
  command: string;
  startedAt: string;
  target: { url: string; embedded: boolean };
  /** The plan as people read it (scenarioForReport for a sustained Scenario): units in names, no header values. */
  scenario: Record<string, unknown>;
  summary: S;
  generator: { healthy: boolean; warnings: string[] };
  thresholds: ThresholdResult[];
  warnings: string[];
  verdict: { verdict: Verdict; reason: string; exitCode: number };
  shard?: ShardIdentity;
  /** The inputs' fingerprint for a merged result; default this machine's. */
  fingerprint?: Result['fingerprint'];
}

/** The one place a result document's envelope is built (batch's measurements included). */
export function buildDocument<S extends Measurements>(p: ResultParts<S>): ResultDocument<S> {
  const { event_loop_delay_p99_ms, ...rest } = p.summary;
  return {
    schema: RESULT_SCHEMA,
    command: p.command,
    started_at: p.startedAt,
    target: p.target,
    scenario: p.scenario,
    ...rest,
    generator: {
      healthy: p.generator.healthy,
      warnings: p.generator.warnings,
      send_lag_p99_ms: p.summary.metrics.send_lag_ms?.p99 ?? 0,
      event_loop_delay_p99_ms,
    },
    thresholds: p.thresholds,
    warnings: p.warnings,
    verdict: p.verdict.verdict,
    verdict_reason: p.verdict.reason,
    exit_code: p.verdict.exitCode,
    fingerprint: p.fingerprint ?? fingerprint(),
    ...(p.shard ? { shard: p.shard } : {}),
  };
}

/** A streaming command's result: the envelope, the summary and what the WebSocket negotiated. */
export function buildResult(p: ResultParts & { extensions: string }): Result {
  return { ...buildDocument(p), websocket: { extensions: p.extensions } };
}

/** The JSON text of a result (stable key order, trailing newline). */
export function renderJson(r: object): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
