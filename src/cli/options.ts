/** Shared CLI plumbing: which flags the user actually typed, colour, repeatable values. */
import type { Command } from 'commander';
import type { Io } from './io.js';

/** Only the options given on the command line (or env), keyed by long flag name: defaults stay below. */
export function typedOptions(cmd: Command): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const values = cmd.opts();
  for (const opt of cmd.options) {
    const key = opt.attributeName();
    const source = cmd.getOptionValueSource(key);
    if (source === 'cli' || source === 'env') out[opt.long?.replace(/^--(no-)?/, '') ?? key] = values[key];
  }
  return out;
}

/** Collects a repeatable option into an array. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Colour on a TTY unless NO_COLOR; FORCE_COLOR turns it on; --no-color wins. */
export function useColor(io: Io, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return Boolean(io.stdout.isTTY);
}
