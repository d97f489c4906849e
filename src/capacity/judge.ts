/**
 * Judging, pure: a level's sustained Result → a LevelReport, and the judged levels → the answer,
 * verdict and exit code of the whole search.
 */
import { exitCodeOf } from '../evaluate/exit-codes.js';
import type { Verdict } from '../evaluate/verdict.js';
import type { Result } from '../report/result.js';
import { bracket, type StopReason } from './plan.js';
import type { CapacityAnswer, LevelReport } from './types.js';
import { sessionsText } from '../units.js';

/** The row of one level. A level whose target was unusable counts as failed: the load broke it. */
export function levelReport(r: Result, phase: LevelReport['phase']): LevelReport {
  const rtt = r.metrics.chunk_rtt_ms;
  const verdict = r.verdict === 'pass' ? 'pass' : r.verdict === 'invalid' ? 'invalid' : 'fail';
  const broken_by =
    r.verdict === 'unusable'
      ? [`target unusable: ${r.verdict_reason}`]
      : verdict === 'fail'
        ? r.thresholds.filter((t) => !t.passed).map((t) => `${t.metric}: ${t.expression}`)
        : [];
  return {
    sessions: Number(r.scenario.sessions),
    phase,
    chunks_per_s: round2(r.rates.chunks_per_s),
    p50_ms: rtt.p50,
    p95_ms: rtt.p95,
    p99_ms: rtt.p99,
    success_rate: r.rates.success_rate,
    error_rate: r.rates.error_rate,
    verdict,
    broken_by,
  };
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** The search's outcome: the answer plus the verdict, reason and exit code. */
export interface CapacityDecision {
  capacity: CapacityAnswer;
  verdict: Verdict;
  reason: string;
  exitCode: number;
}

/** Decide the answer from the judged levels and why the search stopped. */
export function decideCapacity(levels: readonly LevelReport[], stop: StopReason, max: number): CapacityDecision {
  const { pass, fail } = bracket(levels);
  // A level may appear twice (an invalid run is retried): the failing row says what broke.
  const failing = levels.filter((l) => l.sessions === fail);
  const brokenBy = fail === null ? null : ((failing.find((l) => l.verdict === 'fail') ?? failing[0])?.broken_by ?? []);
  const capacity: CapacityAnswer = { max_sessions: pass, broken_by: brokenBy, generator_limited: stop === 'generator-limited' };
  const held = pass === null ? 'no level passed' : `the target held ${sessionsText(pass)}`;
  switch (stop) {
    case 'generator-limited': {
      const at = levels[levels.length - 1]?.sessions;
      const reason = `pipebench itself became the bottleneck at ${sessionsText(at)}, so that level says nothing about the server; ${held}`;
      return { capacity, verdict: 'invalid', reason, exitCode: exitCodeOf('invalid') };
    }
    case 'first-failed': {
      const reason = `even the first level (${sessionsText(fail)}) failed: ${(brokenBy ?? []).join('; ') || 'see thresholds'}`;
      return { capacity, verdict: 'fail', reason, exitCode: exitCodeOf('fail') };
    }
    case 'max-passed':
      return { capacity, verdict: 'pass', reason: `every level up to --max ${max} passed: the capacity is at least ${sessionsText(pass)}`, exitCode: exitCodeOf('pass') };
    case 'found': {
      const reason = `capacity ${sessionsText(pass)}; at ${sessionsText(fail)} it broke ${(brokenBy ?? []).join('; ')}`;
      return { capacity, verdict: 'pass', reason, exitCode: exitCodeOf('pass') };
    }
  }
}
