/**
 * Validation of the numeric and duration flags of `capacity` and `batch`, in the words of
 * scenario.ts: each problem names the flag, the value and what is allowed, and is collected
 * rather than thrown so every problem is reported at once.
 */
import { durationTooLong, parseDecimal, parseDurationMs } from '../units.js';

/** An integer flag from lo to hi; on a problem, records it and returns lo. */
export function intFlag(problems: string[], name: string, v: unknown, lo: number, hi: number): number {
  const n = parseDecimal(v);
  if (Number.isInteger(n) && n >= lo && n <= hi) return n;
  problems.push(`--${name}: "${String(v)}" is not an integer from ${lo} to ${hi}`);
  return lo;
}

/** A number flag from lo to hi; on a problem, records it and returns lo. */
export function numberFlag(problems: string[], name: string, v: unknown, lo: number, hi: number): number {
  const n = parseDecimal(v);
  if (Number.isFinite(n) && n >= lo && n <= hi) return n;
  problems.push(`--${name}: "${String(v)}" is not a number from ${lo} to ${hi}`);
  return lo;
}

/** A duration flag of at least minMs; on a problem, records it and returns minMs. */
export function durationFlag(problems: string[], name: string, v: unknown, minMs: number): number {
  const ms = typeof v === 'string' ? parseDurationMs(v) : undefined;
  const long = ms === undefined ? undefined : durationTooLong(`--${name}`, v, ms);
  if (long) {
    problems.push(long);
    return minMs;
  }
  if (ms !== undefined && ms >= minMs) return ms;
  const why = ms === undefined ? 'is not a duration' : `must be at least ${minMs} ms`;
  problems.push(`--${name}: "${String(v)}" ${why}; write e.g. 500ms, 90s, 2m or 1m30s`);
  return minMs;
}
