/** Exit-code lines for --help, from the one table in evaluate/exit-codes.ts. */
import { EXIT_CODES as E } from '../evaluate/exit-codes.js';

/** What a load command's exit codes mean. */
export const LOAD_EXIT_CODES: Readonly<Record<number, string>> = {
  [E.pass]: 'every threshold passed',
  [E.thresholdsFailed]: 'a threshold failed',
  [E.usage]: 'bad input (flags, profile, report path): nothing started; or a report file could not be written',
  [E.targetUnusable]: 'target unreachable, or no session could be created or connected',
  [E.invalidRun]: 'invalid run: pipebench itself was the bottleneck',
  [E.interrupted]: 'interrupted (Ctrl-C / SIGTERM); sessions deleted',
};

/** `Exit codes:` and one line per code. */
export function exitCodeHelp(codes: Readonly<Record<number, string>>): string {
  return `Exit codes:\n${Object.entries(codes).map(([c, what]) => `  ${c.padStart(3)}  ${what}`).join('\n')}\n`;
}
