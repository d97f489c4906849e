import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heapGrowthGiven } from '../../src/cli/heap.js';

test('a heap growth factor given to node is kept; anything else is not mistaken for one', () => {
  const rows: Array<[string[], string | undefined, boolean]> = [
    [[], undefined, false],
    [['--max-old-space-size=4096'], '--enable-source-maps', false],
    [['--heap-growing-percent=50'], undefined, true],
    [['--heap_growing_percent=50'], undefined, true],
    [[], '--heap-growing-percent=100 --enable-source-maps', true],
    [[], '--trace-gc', false],
    [['--cpu-prof'], '', false],
  ];
  for (const [execArgv, nodeOptions, want] of rows) {
    assert.equal(heapGrowthGiven(execArgv, nodeOptions), want, `${execArgv.join(' ')} | ${nodeOptions}`);
  }
});
