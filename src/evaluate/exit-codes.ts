/**
 * The exit-code table, a public contract documented in README.md. src/cli/io.ts re-exports it as
 * EXIT; it lives here because evaluate/ decides the codes and must not import from cli/.
 */
export const EXIT_CODES = {
  pass: 0,
  thresholdsFailed: 1,
  usage: 2,
  targetUnusable: 3,
  invalidRun: 4,
  interrupted: 130,
} as const;
