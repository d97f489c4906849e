/**
 * Tables, colour and the verdict line for every report: the one module that imports cli-table3
 * (compact tables, colour only when asked). Pure: rows in, a string out.
 */
import Table from 'cli-table3';
import { Chalk, type ChalkInstance } from 'chalk';

export type Align = 'left' | 'right';

/** Colours for a report (a chalk that paints only when colour is on). */
export type Paint = ChalkInstance;

/**
 * A compact table; `align` defaults to left for the first column and right for the rest.
 * With `widths`, long cells wrap, and lines between rows keep wrapped rows apart.
 */
export function grid(head: string[], rows: string[][], color: boolean, align?: Align[], widths?: number[]): string {
  const t = new Table({
    head,
    colAligns: align ?? head.map((_, i) => (i === 0 ? 'left' : 'right')),
    ...(widths ? { colWidths: widths, wordWrap: true } : {}),
    chars: widths ? {} : { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    style: color ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
  });
  t.push(...rows);
  return t.toString();
}

/** A chalk that paints only when colour is on. */
export function painter(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}

/** `PASS: reason (exit 0)`, coloured by verdict. */
export function verdictLine(verdict: string, reason: string, exitCode: number, c: ChalkInstance): string {
  const paint = verdict === 'pass' ? c.green.bold : verdict === 'fail' ? c.red.bold : c.yellow.bold;
  return `${paint(verdict.toUpperCase())}: ${reason} (exit ${exitCode})`;
}

/** Milliseconds or a dash. */
export const fmtMs = (v: number | null | undefined, digits = 1): string => (v === null || v === undefined ? '-' : v.toFixed(digits));
/** A fraction as a percentage. */
export const fmtPct = (v: number): string => `${(v * 100).toFixed(2)} %`;
