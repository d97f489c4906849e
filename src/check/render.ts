/** The check report as a table: a pure function of the result; colour is an argument. */
import { grid, painter, type Paint } from '../report/grid.js';
import { NOT_SELECTED, type CheckRow } from './types.js';
import type { Result } from '../report/result.js';

/** What the table needs from a check result. */
export type CheckTableInput = Pick<Result, 'target' | 'checks' | 'warnings' | 'verdict' | 'verdict_reason' | 'exit_code'>;

function paintResult(r: CheckRow['result'], c: Paint): string {
  return r === 'pass' ? c.green('pass') : r === 'fail' ? c.red.bold('FAIL') : c.yellow('skip');
}

function rowsTable(rows: CheckRow[], color: boolean, c: Paint): string {
  // The expected/got columns only when some row has something to say in them.
  const details = rows.some((r) => r.expected !== undefined || r.got !== undefined);
  const head = ['check', 'result', 'time', ...(details ? ['expected', 'got'] : [])];
  const body = rows.map((r) => {
    const time = r.result === 'skip' ? '-' : r.ms < 1000 ? `${r.ms} ms` : `${(r.ms / 1000).toFixed(2)} s`;
    return [r.name, paintResult(r.result, c), time, ...(details ? [r.expected ?? '', r.got ?? ''] : [])];
  });
  return grid(head, body, color, ['left', 'left', 'right', 'left', 'left'], details ? [22, 8, 9, 40, 40] : undefined);
}

/** The counts line: `19 passed, 2 failed, 0 skipped`. */
export function tally(rows: CheckRow[]): { pass: number; fail: number; skip: number } {
  const n = (k: CheckRow['result']) => rows.filter((r) => r.result === k).length;
  return { pass: n('pass'), fail: n('fail'), skip: n('skip') };
}

/** The full check report for stdout. */
export function renderCheckTable(r: CheckTableInput, opts: { color: boolean }): string {
  const c = painter(opts.color);
  const where = r.target.embedded ? `${r.target.url} (embedded reference server)` : r.target.url;
  const checks = r.checks ?? [];
  const shown = checks.filter((x) => x.got !== NOT_SELECTED);
  const unselected = checks.filter((x) => x.got === NOT_SELECTED).map((x) => x.name);
  const t = tally(checks);
  const paint = r.verdict === 'pass' ? c.green.bold : r.verdict === 'fail' ? c.red.bold : c.yellow.bold;
  return [
    `${c.bold('pipebench check')} → ${where}`,
    rowsTable(shown, opts.color, c),
    unselected.length ? `not selected: ${unselected.join(', ')}` : '',
    `${t.pass} passed, ${t.fail} failed, ${t.skip} skipped`,
    r.warnings.map((w) => c.yellow(`warning: ${w}`)).join('\n'),
    `${paint(r.verdict.toUpperCase())}: ${r.verdict_reason} (exit ${r.exit_code})`,
  ]
    .filter((s) => s !== '')
    .join('\n\n')
    .concat('\n');
}
