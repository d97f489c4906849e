/**
 * Shard bookkeeping for `merge`: the inputs must be the shards of one plan, each once, all of
 * them (or, with allowPartial, whatever is there, with what is missing said). Pure.
 */
import type { Result } from '../report/result.js';
import type { ShardIdentity } from '../shard/plan.js';
import { sessionsText } from '../units.js';

/** What a merged result records about the shards it came from (`result.shards`). */
export interface MergedShards {
  plan: string;
  count: number;
  /** 1-based indexes merged, ascending. */
  merged: number[];
  missing: number[];
  total_sessions: number;
  start_at: string | null;
}

export interface MergeInput {
  /** Where the result came from, as the user named it (for messages). */
  file: string;
  result: Result;
}

export interface ShardCheck {
  /** null when no input is a shard (a plain merge of side-by-side runs). */
  shards: MergedShards | null;
  /** Refusals: the merge must not happen. */
  problems: string[];
  warnings: string[];
}

const idOf = (r: Result): ShardIdentity | undefined => r.shard;
const label = (s: ShardIdentity) => `shard ${s.index}/${s.count} of plan ${s.plan}`;
const show = (v: unknown) => JSON.stringify(v);

/** Why two shards' plans differ, as far as the results tell (the pipeline content and header values are not in them). */
export function planDifferences(a: Result, b: Result): string[] {
  const sa = a.shard as ShardIdentity;
  const sb = b.shard as ShardIdentity;
  const out: string[] = [];
  const pairs: Array<[string, unknown, unknown]> = [
    ['shard count', sa.count, sb.count], ['total sessions', sa.total_sessions, sb.total_sessions],
    ['start_at', sa.start_at, sb.start_at], ['target', a.target.url, b.target.url],
    ['thresholds', a.thresholds.map((t) => `${t.metric}: ${t.expression}`), b.thresholds.map((t) => `${t.metric}: ${t.expression}`)],
    ['pipebench version', a.fingerprint.pipebench, b.fingerprint.pipebench],
  ];
  const keys = new Set([...Object.keys(a.scenario), ...Object.keys(b.scenario)]);
  for (const k of keys) if (k !== 'sessions' && k !== 'pipeline') pairs.push([k, a.scenario[k], b.scenario[k]]);
  for (const [name, x, y] of pairs) if (show(x) !== show(y)) out.push(`${name}: ${show(x)} → ${show(y)}`);
  return out.length ? out : ['the pipeline config content'];
}

/** Check that the inputs are the shards of one plan: every index once, none missing unless allowPartial. */
export function checkShards(inputs: readonly MergeInput[], allowPartial: boolean): ShardCheck {
  const sharded = inputs.filter((i) => idOf(i.result));
  if (sharded.length === 0) return { shards: null, problems: [], warnings: [] };
  const first = sharded[0];
  const id = idOf(first.result) as ShardIdentity;
  const problems: string[] = [];
  for (const i of inputs) {
    const s = idOf(i.result);
    if (!s) problems.push(`${i.file} is not a shard (it has no "shard" section) but ${first.file} is ${label(id)}; merge the shards of one plan only`);
    else if (s.plan !== id.plan) {
      problems.push(`${i.file} is ${label(s)}, not of plan ${id.plan} like ${first.file}; they differ in ${planDifferences(first.result, i.result).join('; ')}`);
    }
  }
  const byIndex = new Map<number, string>();
  for (const i of sharded) {
    const s = idOf(i.result) as ShardIdentity;
    if (s.plan !== id.plan) continue;
    const seen = byIndex.get(s.index);
    if (seen) problems.push(`${i.file} and ${seen} are both shard ${s.index}/${s.count}; pass each shard's result once`);
    else byIndex.set(s.index, i.file);
  }
  const merged = [...byIndex.keys()].sort((a, b) => a - b);
  const missing = Array.from({ length: id.count }, (_, k) => k + 1).filter((k) => !byIndex.has(k));
  const warnings: string[] = [];
  if (missing.length) {
    const what = `shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${id.count} missing (got ${merged.join(', ')})`;
    if (!allowPartial) problems.push(`${what}; pass every shard's result, or --allow-partial to merge what there is`);
    else {
      const covered = sharded.reduce((a, i) => a + Number(i.result.scenario.sessions ?? 0), 0);
      warnings.push(`partial merge (--allow-partial): ${what}; the merged result covers ${covered} of the plan's ${sessionsText(id.total_sessions)}`);
    }
  }
  return { shards: { plan: id.plan, count: id.count, merged, missing, total_sessions: id.total_sessions, start_at: id.start_at }, problems, warnings };
}
