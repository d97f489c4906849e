/**
 * Exit codes decided by evaluate/: the same numbers as EXIT in src/cli/io.ts, which stays the
 * public table. They are repeated here because evaluate/ is pure and must not import from cli/;
 * test/unit/verdict.test.ts checks the two tables agree.
 */
export const EXIT_CODES = {
  pass: 0,
  thresholdsFailed: 1,
  usage: 2,
  targetUnusable: 3,
  invalidRun: 4,
  interrupted: 130,
} as const;
