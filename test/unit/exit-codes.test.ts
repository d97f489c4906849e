/** The verdict → exit code contract: one table, and the README lists every code. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXIT_CODES, exitCodeOf, type Verdict } from '../../src/evaluate/exit-codes.js';

test('exitCodeOf: every verdict, with and without a report file that failed', () => {
  const table: Array<[Verdict, boolean, number]> = [
    ['pass', false, 0],
    ['fail', false, 1],
    ['unusable', false, 3],
    ['invalid', false, 4],
    ['interrupted', false, 130],
    ['pass', true, 2],
    ['fail', true, 1],
    ['unusable', true, 3],
    ['invalid', true, 4],
    ['interrupted', true, 130],
  ];
  for (const [verdict, failed, code] of table) assert.equal(exitCodeOf(verdict, failed), code, `${verdict} ${failed}`);
});

test('README: the exit-code table lists every code the program can return, and no other', () => {
  const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
  const section = readme.slice(readme.indexOf('## Exit codes'), readme.indexOf('\n## ', readme.indexOf('## Exit codes') + 5));
  const listed = [...section.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1])).sort((a, b) => a - b);
  assert.deepEqual(listed, Object.values(EXIT_CODES).sort((a, b) => a - b));
});
