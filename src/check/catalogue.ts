/** Every check, in the order of the integration-test guide, and the --only/--skip selection. Pure. */
import { closest, didYouMean } from '../evaluate/suggest.js';
import { ERROR_CHECKS } from './checks-errors.js';
import { HTTP_CHECKS } from './checks-http.js';
import { SESSION_CHECKS } from './checks-session.js';
import { STREAM_CHECKS } from './checks-stream.js';
import type { CheckDef } from './types.js';

const byName = (...names: string[]) => (c: CheckDef) => names.includes(c.name);
const pick = (list: CheckDef[], ...names: string[]) => list.filter(byName(...names));

/** The guide's order: connect, stream, update, errors, concurrency, batch, analysis, lifecycle. */
export const CHECKS: readonly CheckDef[] = [
  ...pick(SESSION_CHECKS, 'health', 'session-create', 'ws-connect'),
  ...pick(STREAM_CHECKS, 'ping', 'chunk', 'ten-chunks'),
  ...ERROR_CHECKS,
  ...pick(SESSION_CHECKS, 'unknown-session'),
  ...pick(STREAM_CHECKS, 'concurrent-sessions'),
  ...HTTP_CHECKS,
  ...pick(SESSION_CHECKS, 'delete', 'start-stop'),
  ...pick(STREAM_CHECKS, 'reconnect'),
];

/** The names --only and --skip accept. */
export const CHECK_NAMES: readonly string[] = CHECKS.map((c) => c.name);

/** Names from repeatable, comma-separated flag values: ['a,b', 'c'] → ['a', 'b', 'c']. */
export function splitNames(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((n) => n.trim()).filter((n) => n !== '');
}

/**
 * The checks to run: all, or those in `only`, minus those in `skip`. Every unknown name is a
 * problem naming the flag and the allowed names; so is a selection that leaves nothing to run.
 */
export function selectChecks(only: readonly string[], skip: readonly string[]): { selected: Set<string>; problems: string[] } {
  const problems: string[] = [];
  for (const [flag, names] of [['--only', only], ['--skip', skip]] as const) {
    for (const n of names.filter((x) => !CHECK_NAMES.includes(x))) {
      problems.push(`${flag}: unknown check "${n}"${didYouMean(closest(n, CHECK_NAMES))}; use one of ${CHECK_NAMES.join(', ')}`);
    }
  }
  const selected = new Set(CHECK_NAMES.filter((n) => (only.length === 0 || only.includes(n)) && !skip.includes(n)));
  if (problems.length === 0 && selected.size === 0) problems.push('--only/--skip: no check is left to run');
  return { selected, problems };
}
