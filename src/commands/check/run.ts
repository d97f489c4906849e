/**
 * `check` without the CLI: every scenario of the integration-test guide, once, against a target;
 * a Result with one row per check out. No printing, no process access.
 */
import { outcome as verdictOutcome, type VerdictOutcome } from '../../evaluate/verdict.js';
import { watchEventLoop } from '../../measure/loop-delay.js';
import { Recorder } from '../../measure/recorder.js';
import type { Summary } from '../../measure/types.js';
import type { Result } from '../../report/result.js';
import { buildResult } from '../../report/result.js';
import { CHECKS, selectChecks } from '../../check/catalogue.js';
import type { CheckEnv } from '../../check/context.js';
import { ask } from '../../check/http.js';
import { HttpClient } from '../../net/http.js';
import { INSECURE_WARNING, type TlsClientOptions } from '../../load/tls.js';
import { runChecks, type ChecksOutcome } from '../../check/runner.js';
import { CheckFailure, type CheckRow } from '../../check/types.js';

export interface CheckOptions {
  /** http(s) base URL of the server. */
  target: string;
  /** True when the target is pipebench's own reference server started for this run. */
  embedded?: boolean;
  headers?: Record<string, string>;
  /** Certificate checks for an https:// target (verified by default). */
  tls?: TlsClientOptions;
  /** Check names to run (default: all); see CHECK_NAMES. */
  only?: string[];
  /** Check names to leave out. */
  skip?: string[];
  /** Each check's own time limit, cleanup excluded (default 15 s). */
  checkTimeoutMs?: number;
  /** Each awaited reply's time limit (default 2 s). */
  replyTimeoutMs?: number;
  /** Session create must answer within this (default 1 s). */
  createLimitMs?: number;
  /** The WebSocket handshake must complete within this (default 1 s, the guide's target). */
  connectLimitMs?: number;
}

export interface CheckHooks {
  signal?: AbortSignal;
  onProgress?: (text: string) => void;
}

/** A Result with one row per check (metrics hold the sessions, sockets and chunks the checks used). */
export interface CheckResult extends Result {
  checks: CheckRow[];
}

export const CHECK_DEFAULTS = { checkTimeoutMs: 15_000, replyTimeoutMs: 2000, createLimitMs: 1000, connectLimitMs: 1000 } as const;

/** What the checks found, before judging. */
export interface CheckOutcome {
  startedAt: string;
  scenario: Record<string, unknown>;
  outcome: ChecksOutcome;
  unreachable: string | null;
  summary: Summary;
}

/** Run the checks and judge them. Throws only for invalid options (unknown check names); the target's faults are rows. */
export async function check(options: CheckOptions, hooks: CheckHooks = {}): Promise<CheckResult> {
  return judgeCheck(options, await runChecksOn(options, hooks));
}

/** Run the selected checks against the target. Never throws for anything the target does. */
export async function runChecksOn(options: CheckOptions, hooks: CheckHooks = {}): Promise<CheckOutcome> {
  const { selected, problems } = selectChecks(options.only ?? [], options.skip ?? []);
  if (problems.length) throw new Error(problems.join('\n'));
  const o = { ...CHECK_DEFAULTS, ...definedOnly(options) };
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const loop = watchEventLoop();
  const http = new HttpClient({ target: o.target, headers: o.headers, timeoutMs: o.replyTimeoutMs, connectTimeoutMs: o.replyTimeoutMs, tls: o.tls });
  const recorder = new Recorder({ sessions: CHECKS.length, measureStartMs: 0, endMs: Infinity });
  const env: CheckEnv = { ...o, headers: o.headers ?? {}, http, recorder, runId: Date.now() };
  try {
    const unreachable = await probe(http, hooks.signal);
    const outcome: ChecksOutcome = unreachable
      ? { rows: CHECKS.map((d) => ({ name: d.name, result: 'skip', ms: 0, got: unreachable })), warnings: [], interrupted: false }
      : await runChecks(CHECKS, env, { selected, checkTimeoutMs: o.checkTimeoutMs, signal: hooks.signal, onProgress: hooks.onProgress });
    const measuredS = (performance.now() - t0) / 1000;
    const scenario = {
      checks: CHECKS.filter((d) => selected.has(d.name)).map((d) => d.name),
      check_timeout_ms: o.checkTimeoutMs, reply_timeout_ms: o.replyTimeoutMs,
      create_limit_ms: o.createLimitMs, connect_limit_ms: o.connectLimitMs, header_names: Object.keys(env.headers),
    };
    return { startedAt, scenario, outcome, unreachable, summary: recorder.summary(measuredS, loop.p99Ms()) };
  } finally {
    loop.stop();
    await http.close();
  }
}

function definedOnly<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Null when the target answers HTTP at all (any status); else why the checks cannot run. */
async function probe(http: HttpClient, signal?: AbortSignal): Promise<string | null> {
  try {
    await ask(http, 'GET', '/api/health', { signal });
    return null;
  } catch (err) {
    if (signal?.aborted) return null;
    return `target unreachable: ${err instanceof CheckFailure ? err.got : (err as Error).message}`;
  }
}

function decide(outcome: ChecksOutcome, unreachable: string | null): VerdictOutcome {
  if (outcome.interrupted) return verdictOutcome('interrupted', 'the run was interrupted');
  if (unreachable) return verdictOutcome('unusable', unreachable);
  const ran = outcome.rows.filter((r) => r.result !== 'skip').length;
  const failed = outcome.rows.filter((r) => r.result === 'fail').length;
  if (failed) return verdictOutcome('fail', `${failed} of ${ran} checks failed`);
  return verdictOutcome('pass', `all ${ran} checks passed`);
}

/** One row per check, and the verdict. Pure. */
export function judgeCheck(o: CheckOptions, { startedAt, scenario, outcome, unreachable, summary }: CheckOutcome): CheckResult {
  const verdict = decide(outcome, unreachable);
  const base = buildResult({
    command: 'check', startedAt, target: { url: o.target, embedded: o.embedded ?? false }, scenario, summary,
    generator: { healthy: true, warnings: [] }, thresholds: [], warnings: [...(o.tls?.insecure ? [INSECURE_WARNING] : []), ...outcome.warnings], extensions: '', verdict,
  });
  return { ...base, checks: outcome.rows };
}
