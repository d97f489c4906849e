/**
 * The shape of a run: what must match for two results to be compared or merged. Latencies of
 * 10 sessions against 100, or of 20 ms chunks against 100 ms ones, differ by design, not by
 * regression; so these are named, never silently compared. Pure.
 */
import type { Result } from '../report/result.js';

/** Scenario fields that change what the numbers mean. */
export const SHAPE_FIELDS = ['sessions', 'chunk_ms', 'sample_rate', 'stages', 'pipeline'] as const;

const show = (v: unknown) => (v === undefined ? 'unset' : JSON.stringify(v));

/** Each difference as `field: A → B` (`command` first); `ignore` leaves fields out (merge allows unequal sessions). */
export function shapeDifferences(a: Result, b: Result, ignore: readonly string[] = []): string[] {
  const out: string[] = [];
  if (a.command !== b.command) out.push(`command: ${a.command} → ${b.command}`);
  const sa = a.scenario as Record<string, unknown>;
  const sb = b.scenario as Record<string, unknown>;
  for (const f of SHAPE_FIELDS) {
    if (ignore.includes(f)) continue;
    if (JSON.stringify(sa[f]) !== JSON.stringify(sb[f])) out.push(`${f}: ${show(sa[f])} → ${show(sb[f])}`);
  }
  return out;
}
