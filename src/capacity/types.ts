/** The plain data a capacity search produces: one row per judged level, and the answer. */
import type { Result } from '../report/result.js';
import type { Phase } from './plan.js';

/** One level of the search, judged on its own run's data (after its settle time) only. */
export interface LevelReport {
  sessions: number;
  /** Stepping up, bisecting between a pass and a fail, or re-running a level the generator could not drive. */
  phase: Phase;
  chunks_per_s: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  success_rate: number;
  error_rate: number;
  /** `invalid`: the generator was the bottleneck, so the level says nothing about the server. */
  verdict: 'pass' | 'fail' | 'invalid';
  /** The thresholds this level failed, as `metric: expression` (or why the target was unusable). */
  broken_by: string[];
}

/** The answer to "how many concurrent sessions does the target hold within the profile?". */
export interface CapacityAnswer {
  /** The highest level that passed, or null when even the first one failed. */
  max_sessions: number | null;
  /** What broke at the lowest failing level above it; null when no level failed. */
  broken_by: string[] | null;
  /** The search stopped because pipebench itself could not generate the load. */
  generator_limited: boolean;
}

/**
 * A capacity result: the result document of the level reported as the capacity (or of the first
 * level when none passed), with the command's own verdict, every level and the answer.
 */
export interface CapacityResult extends Result {
  levels: LevelReport[];
  capacity: CapacityAnswer;
}
