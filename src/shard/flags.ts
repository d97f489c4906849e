/**
 * `--shard I/N` and `--start-at TIME`: parsed and checked before anything connects. Pure: the
 * environment and the clock come in as arguments. Each problem names the flag, what is wrong
 * and what to write instead.
 */

import type { FlagSpec } from '../spine/spec.js';
import { sessionsText } from '../units.js';

/** The flags of a command that can run as one shard of a plan. */
export const SHARD_FLAGS: readonly FlagSpec[] = [
  {
    name: 'shard', arg: '<i/n>', group: 'load',
    help: 'run shard i of n (1-based): every n-th of --sessions from the i-th, each on its global schedule; auto/n takes JOB_COMPLETION_INDEX (Kubernetes Indexed Job); needs --target',
  },
  { name: 'start-at', arg: '<time>', group: 'load', help: 'start the schedule at this wall-clock instant (ISO 8601 with a zone, or epoch ms), e.g. one shared by every shard' },
];

/** This process is shard `index` (1-based) of `count`. */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/** Most shards one plan may have (a bound on typos like `1/40000`, not on real fleets). */
export const MAX_SHARDS = 10_000;
/** The longest `--start-at` wait: a pod idling longer than this is a mistake more often than a plan. */
export const MAX_START_WAIT_MS = 60 * 60 * 1000;
/** Kubernetes sets this in every pod of an Indexed Job, 0-based. */
export const JOB_INDEX_ENV = 'JOB_COMPLETION_INDEX';

const SHARD_HELP = 'write e.g. --shard 2/4 (the second of 4 shards, numbered from 1) or --shard auto/4 in a Kubernetes Indexed Job';

/** `I/N` or `auto/N`; `auto` takes JOB_COMPLETION_INDEX (0-based) + 1. */
export function parseShard(v: unknown, env: Readonly<Record<string, string | undefined>>): { shard?: ShardSpec; problem?: string } {
  const text = String(v).trim();
  const m = /^(auto|\d+)\s*\/\s*(\d+)$/i.exec(text);
  if (!m) return { problem: `--shard: "${text}" is not I/N or auto/N; ${SHARD_HELP}` };
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS) return { problem: `--shard: "${text}": the shard count must be from 1 to ${MAX_SHARDS}` };
  if (m[1].toLowerCase() === 'auto') return autoShard(text, count, env[JOB_INDEX_ENV]);
  const index = Number(m[1]);
  if (index === 0) return { problem: `--shard: "${text}": shards are numbered from 1 to ${count}; did you mean 1/${count}? (${JOB_INDEX_ENV} is 0-based; --shard auto/${count} adds the 1)` };
  if (index > count) return { problem: `--shard: "${text}": the index must be from 1 to ${count}` };
  return { shard: { index, count } };
}

function autoShard(text: string, count: number, raw: string | undefined): { shard?: ShardSpec; problem?: string } {
  if (raw === undefined || raw.trim() === '') {
    return { problem: `--shard: "${text}": ${JOB_INDEX_ENV} is not set; auto reads the index Kubernetes gives each pod of an Indexed Job (completionMode: Indexed); elsewhere give the index, e.g. --shard 1/${count}` };
  }
  const zeroBased = /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isInteger(zeroBased) || zeroBased >= count) {
    return { problem: `--shard: "${text}": ${JOB_INDEX_ENV}="${raw}" is not an index from 0 to ${count - 1}; make the Job's completions and parallelism both ${count}` };
  }
  return { shard: { index: zeroBased + 1, count } };
}

/** Shards that would get no session: every shard reports it, so a wrong count fails on all of them alike. */
export function shardSessionsProblem(shard: ShardSpec, sessions: number): string | null {
  if (shard.count <= sessions) return null;
  return `--shard ${shard.index}/${shard.count} with --sessions ${sessions}: ${shard.count} shards for ${sessionsText(sessions)} leave shards ${sessions + 1}-${shard.count} without a session; use at most ${sessions} shards or more sessions`;
}

const fmtS = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * An ISO 8601 time with a zone (`2026-11-29T19:00:00Z`, `…+01:00`) or epoch milliseconds, at least
 * now and at most MAX_START_WAIT_MS ahead by this machine's clock (`nowMs`).
 */
export function parseStartAt(v: unknown, nowMs: number): { startAtMs?: number; problem?: string } {
  const text = String(v).trim();
  let ms: number;
  if (/^\d+$/.test(text)) {
    ms = Number(text);
    if (ms < 1e12) return { problem: `--start-at: "${text}" is not epoch milliseconds (13 digits, e.g. ${Math.round(nowMs / 1000) * 1000 + 60_000}); epoch seconds? multiply by 1000` };
  } else {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
      return { problem: `--start-at: "${text}" is not an ISO 8601 time with a zone or epoch ms; write e.g. ${new Date(nowMs + 60_000).toISOString().replace(/\.\d+Z$/, 'Z')} (UTC) or ${Math.round(nowMs / 1000) * 1000 + 60_000}` };
    }
    ms = Date.parse(text);
    if (!Number.isFinite(ms)) return { problem: `--start-at: "${text}" is not a valid date` };
  }
  const at = new Date(ms).toISOString();
  if (ms <= nowMs) {
    return {
      problem: `--start-at: ${at} is ${fmtS(nowMs - ms)} in the past by this machine's clock (now ${new Date(nowMs).toISOString()}); `
        + `pick a later time, and if it was chosen moments ago on another machine, the clocks disagree (clock skew of at least ${fmtS(nowMs - ms)}): sync them (NTP) or start further ahead`,
    };
  }
  if (ms - nowMs > MAX_START_WAIT_MS) {
    return { problem: `--start-at: ${at} is ${fmtS(ms - nowMs)} ahead; the wait is bounded at ${MAX_START_WAIT_MS / 60_000} min, pick a time closer to now` };
  }
  return { startAtMs: ms };
}

/** `--shard` and `--start-at` of one command, resolved together with what they depend on. */
export interface ShardFlags {
  shard: ShardSpec | null;
  startAtMs: number | null;
  problems: string[];
}

export function resolveShardFlags(
  flags: Readonly<Record<string, unknown>>, sessions: number, hasTarget: boolean,
  env: Readonly<Record<string, string | undefined>>, nowMs: number,
): ShardFlags {
  const problems: string[] = [];
  let shard: ShardSpec | null = null;
  if (flags.shard !== undefined && flags.shard !== null && flags.shard !== '') {
    const r = parseShard(flags.shard, env);
    if (r.problem) problems.push(r.problem);
    shard = r.shard ?? null;
    const few = shard ? shardSessionsProblem(shard, sessions) : null;
    if (few) problems.push(few);
    if (!hasTarget) problems.push('--shard needs --target: the shards of a plan load one server together (with no target, each shard would start its own embedded server)');
  }
  let startAtMs: number | null = null;
  if (flags['start-at'] !== undefined && flags['start-at'] !== null && flags['start-at'] !== '') {
    const r = parseStartAt(flags['start-at'], nowMs);
    if (r.problem) problems.push(r.problem);
    startAtMs = r.startAtMs ?? null;
  }
  return { shard, startAtMs, problems };
}

/** The line a run prints while it waits for its start instant. */
export function waitingLine(s: { shard: ShardSpec | null; startAtMs: number | null; sessions: number }, nowMs = Date.now()): string {
  const who = s.shard ? `shard ${s.shard.index}/${s.shard.count} of ${sessionsText(s.sessions)}` : sessionsText(s.sessions);
  const at = s.startAtMs === null ? 'now' : `${new Date(s.startAtMs).toISOString()} (in ${fmtS(Math.max(0, s.startAtMs - nowMs))}; Ctrl-C to cancel)`;
  return `${who}: schedule starts at ${at}`;
}
