/**
 * The shapes shared by the conformance checks: what a check is, what it reports, and the one
 * exception a check throws to say "expected X, got Y".
 */
import type { CheckContext } from './context.js';

/** How one check ended. */
export type CheckVerdict = 'pass' | 'fail' | 'skip';

/** One row of the check report (and of the result JSON's `checks`). */
export interface CheckRow {
  name: string;
  result: CheckVerdict;
  /** Wall time of the check, cleanup included, ms. */
  ms: number;
  /** What the protocol asks for (failures and skips). */
  expected?: string;
  /** What came back instead (failures), or why the check did not run (skips). */
  got?: string;
}

/** The `got` of a row skipped because --only/--skip left it out. */
export const NOT_SELECTED = 'not selected (--only/--skip)';

/** One scenario of the integration-test guide, run once against the target. */
export interface CheckDef {
  /** kebab-case, stable: used by --only/--skip and in reports. */
  name: string;
  /** One line for `--list` and the README. */
  description: string;
  run(ctx: CheckContext): Promise<void>;
}

/** Thrown inside a check when the target answered something other than the protocol says. */
export class CheckFailure extends Error {
  constructor(
    readonly expected: string,
    readonly got: string,
  ) {
    super(`expected ${expected}, got ${got}`);
    this.name = 'CheckFailure';
  }
}

/** Throw a CheckFailure (an expression, so `x ?? fail(...)` reads naturally). */
export function fail(expected: string, got: string): never {
  throw new CheckFailure(expected, got);
}
