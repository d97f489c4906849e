/** `--workers N|auto`: how many threads share the sessions of one run. Pure. */
import type { FlagSpec } from '../spine/spec.js';

export const WORKERS_FLAGS: readonly FlagSpec[] = [
  {
    name: 'workers', arg: '<n|auto>', group: 'load',
    help: 'generator threads sharing the sessions, each on the global schedule (auto: one per core, minus one for the embedded server; default 1)',
  },
];

/** More threads than this is a typo rather than a machine. */
export const MAX_WORKERS = 256;

/** `N` or `auto` (cores, one left for the embedded server when it runs here). */
export function parseWorkers(v: unknown, cores: number, embedded: boolean): { workers?: number; problem?: string } {
  if (v === undefined || v === null) return { workers: 1 };
  const text = String(v).trim().toLowerCase();
  if (text === 'auto') return { workers: Math.max(1, embedded ? cores - 1 : cores) };
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_WORKERS) {
    return { problem: `--workers: "${String(v)}" is not a number of threads from 1 to ${MAX_WORKERS} or auto; write e.g. --workers 2 or --workers auto` };
  }
  return { workers: Number(text) };
}
