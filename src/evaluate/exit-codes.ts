/**
 * The exit-code table, a public contract documented in README.md, and the one function that
 * turns a verdict into a code. src/cli/io.ts re-exports the table as EXIT.
 */
export const EXIT_CODES = {
  pass: 0,
  thresholdsFailed: 1,
  usage: 2,
  targetUnusable: 3,
  invalidRun: 4,
  /** A bug in pipebench (an exception nothing expected); never reached by bad input. */
  internal: 70,
  interrupted: 130,
} as const;

/** Every verdict a judged command can reach. */
export type Verdict = 'pass' | 'fail' | 'invalid' | 'interrupted' | 'unusable';

const BY_VERDICT: Readonly<Record<Verdict, number>> = {
  pass: EXIT_CODES.pass,
  fail: EXIT_CODES.thresholdsFailed,
  unusable: EXIT_CODES.targetUnusable,
  invalid: EXIT_CODES.invalidRun,
  interrupted: EXIT_CODES.interrupted,
};

/**
 * The exit code of a verdict. A report file that could not be written turns a pass into 2 (the
 * output path was bad input); any other verdict keeps its own code, which says more.
 */
export function exitCodeOf(verdict: Verdict, reportsFailed = false): number {
  return afterReports(BY_VERDICT[verdict], reportsFailed);
}

/** A code decided otherwise (`report --gate` exits with a saved result's code), after the report files. */
export function afterReports(code: number, reportsFailed: boolean): number {
  return code === EXIT_CODES.pass && reportsFailed ? EXIT_CODES.usage : code;
}
