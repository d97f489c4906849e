/** One run's verdict and exit code, from everything evaluate/ decided. Pure. */
import type { ThresholdResult } from './check.js';
import { exitCodeOf, type Verdict } from './exit-codes.js';

export type { Verdict };

/** What the verdict depends on. */
export interface VerdictInput {
  thresholds: readonly ThresholdResult[];
  generator: { healthy: boolean };
  /** The user stopped the run (Ctrl-C, SIGTERM). */
  interrupted: boolean;
  sessionsStarted: number;
  /** Why the target could not be used (unreachable, every create refused), if known. */
  targetUnusable?: string;
}

/** The verdict, its exit code and a one-line reason for reports. */
export interface VerdictOutcome {
  verdict: Verdict;
  exitCode: number;
  reason: string;
}

/**
 * Precedence: interrupted > unusable (no session started) > invalid (generator unhealthy)
 * > fail (any threshold failed) > pass. An unhealthy generator outranks failed thresholds
 * because its numbers measure pipebench, not the server.
 */
export function decideVerdict(input: VerdictInput): VerdictOutcome {
  if (input.interrupted) return outcome('interrupted', 'the run was interrupted');
  if (input.targetUnusable !== undefined || input.sessionsStarted === 0) {
    return outcome('unusable', input.targetUnusable ?? 'no session could be started');
  }
  if (!input.generator.healthy) return outcome('invalid', 'the load generator was the bottleneck');
  const failed = input.thresholds.filter((t) => !t.passed).length;
  if (failed > 0) return outcome('fail', `${failed} of ${input.thresholds.length} thresholds failed`);
  return outcome('pass', `all ${input.thresholds.length} thresholds passed`);
}

/** A verdict with its reason and the code exitCodeOf gives it. */
export function outcome(verdict: Verdict, reason: string): VerdictOutcome {
  return { verdict, exitCode: exitCodeOf(verdict), reason };
}
