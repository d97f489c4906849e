/** The CI-log progress: a line at once, then at most one per period of the given clock. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { throttledLines } from '../../src/report/progress-text.js';
import { startProgress } from '../../src/report/progress.js';

test('throttledLines: the first update at once, then one per 10 s', () => {
  const lines: string[] = [];
  let now = 0;
  const view = throttledLines((l) => lines.push(l), 10_000, () => now);
  const at: Array<[number, string]> = [[0, 'a'], [250, 'b'], [9_999, 'c'], [10_000, 'd'], [15_000, 'e'], [20_001, 'f']];
  for (const [t, text] of at) {
    now = t;
    view.update(text);
  }
  assert.deepEqual(lines, ['pipebench: a\n', 'pipebench: d\n', 'pipebench: f\n']);
});

test('startProgress: a stream that is not a terminal gets lines, not a spinner; --quiet gets nothing', async () => {
  let out = '';
  const stream = { write: (s: string) => (out += s), isTTY: false };
  const view = await startProgress(stream, true);
  view.update('1s elapsed');
  view.update('1.2s elapsed');
  view.stop();
  assert.equal(out, 'pipebench: 1s elapsed\n');
  const quiet = await startProgress(stream, false);
  quiet.update('x');
  assert.equal(out, 'pipebench: 1s elapsed\n');
});
