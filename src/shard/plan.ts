/**
 * Which plan a shard belongs to. Shards of one plan share every setting that shapes the load or
 * its judgement (the global session count, the schedule, the pipeline's content, the target,
 * the thresholds, the shard count and the start instant); the plan fingerprint is a hash of
 * those, so `merge` can refuse a shard of another run by comparing one string. Pure.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { strideSlice, type SessionSlice } from '../load/schedule.js';
import type { ShardSpec } from './flags.js';
import type { Scenario } from '../scenario.js';
import { scenarioForReport } from '../report/result.js';

/** A shard's identity, as its result records it (`result.shard`). */
export interface ShardIdentity {
  /** 1-based. */
  index: number;
  count: number;
  /** Fingerprint of the global plan (hex). */
  plan: string;
  /** Sessions of the global plan; this shard ran `scenario.sessions` of them. */
  total_sessions: number;
  /** The agreed start instant (ISO 8601), or null when the shard started on its own. */
  start_at: string | null;
}

/** What must be equal across the shards of one plan. */
export interface PlanParts {
  command: string;
  /** The scenario as reported, with the global session count. */
  scenario: Record<string, unknown>;
  /** The pipeline config itself (not the path it was read from, which may differ per machine). */
  pipeline: unknown;
  target: string;
  thresholds: ReadonlyArray<{ metric: string; expression: string }>;
  shardCount: number;
  startAtMs: number | null;
}

/** JSON with object keys sorted, so equal plans hash equally whatever order their keys were built in. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/**
 * 16 hex digits of sha256 over the canonical plan. Paths differ between machines: the pipeline
 * path is left out (its content is in), the audio file counts by its name.
 */
export function planFingerprint(p: PlanParts): string {
  const { pipeline: _path, audio, ...scenario } = p.scenario;
  const doc = {
    command: p.command, scenario: { ...scenario, audio: typeof audio === 'string' ? basename(audio) : audio }, pipeline: p.pipeline, target: p.target,
    thresholds: p.thresholds.map((t) => ({ metric: t.metric, expression: t.expression })),
    shards: p.shardCount, start_at: p.startAtMs,
  };
  return createHash('sha256').update(canonical(doc)).digest('hex').slice(0, 16);
}

/** The global sessions shard `index` of `count` runs (by stride, so every shard gets an even share of phases). */
export function shardSlice(shard: ShardSpec, totalSessions: number): SessionSlice {
  return strideSlice(totalSessions, shard.index - 1, shard.count);
}

export function shardIdentity(shard: ShardSpec, totalSessions: number, startAtMs: number | null, parts: Omit<PlanParts, 'shardCount' | 'startAtMs'>): ShardIdentity {
  return {
    index: shard.index, count: shard.count, total_sessions: totalSessions,
    plan: planFingerprint({ ...parts, shardCount: shard.count, startAtMs }),
    start_at: startAtMs === null ? null : new Date(startAtMs).toISOString(),
  };
}

/** A scenario's shard: its identity and the sessions it runs; null when the scenario is not sharded. */
export function scenarioShard(s: Scenario, targetUrl: string): { identity: ShardIdentity; slice: SessionSlice } | null {
  if (!s.shard) return null;
  const identity = shardIdentity(s.shard, s.sessions, s.startAtMs, {
    command: s.command, scenario: scenarioForReport(s), pipeline: s.pipeline, target: targetUrl, thresholds: s.thresholds,
  });
  return { identity, slice: shardSlice(s.shard, s.sessions) };
}
