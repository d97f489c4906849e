/** One run's verdict and exit code, from everything evaluate/ decided. Pure. */
import type { ThresholdResult } from './check.js';
import { EXIT_CODES } from './exit-codes.js';

export type Verdict = 'pass' | 'fail' | 'invalid' | 'interrupted' | 'unusable';

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
  if (input.interrupted) return { verdict: 'interrupted', exitCode: EXIT_CODES.interrupted, reason: 'the run was interrupted' };
  if (input.targetUnusable !== undefined || input.sessionsStarted === 0) {
    const reason = input.targetUnusable ?? 'no session could be started';
    return { verdict: 'unusable', exitCode: EXIT_CODES.targetUnusable, reason };
  }
  if (!input.generator.healthy) {
    return { verdict: 'invalid', exitCode: EXIT_CODES.invalidRun, reason: 'the load generator was the bottleneck' };
  }
  const failed = input.thresholds.filter((t) => !t.passed).length;
  if (failed > 0) {
    const reason = `${failed} of ${input.thresholds.length} thresholds failed`;
    return { verdict: 'fail', exitCode: EXIT_CODES.thresholdsFailed, reason };
  }
  return { verdict: 'pass', exitCode: EXIT_CODES.pass, reason: `all ${input.thresholds.length} thresholds passed` };
}
