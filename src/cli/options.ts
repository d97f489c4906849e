/** Colour: the one CLI decision about how output looks. */
import type { Io } from './io.js';

/** Colour on a TTY unless NO_COLOR; FORCE_COLOR turns it on; --no-color wins. */
export function useColor(io: Io, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return Boolean(io.stdout.isTTY);
}
