/**
 * The one input-error type: bad flags, a bad profile, an unusable report path, unreadable result
 * files. Thrown before anything starts (the CLI prints the problems and exits 2; the programmatic
 * API throws it as `PipebenchInputError`, the same class).
 */
export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(describeProblems(problems));
    this.name = 'PipebenchInputError';
  }
}

/** `error: …` or `N problems:` followed by one indented line per problem. */
export function describeProblems(problems: readonly string[]): string {
  const head = problems.length === 1 ? 'error' : `${problems.length} problems`;
  return `pipebench: ${head}:\n${problems.map((p) => `  - ${p}`).join('\n')}`;
}
