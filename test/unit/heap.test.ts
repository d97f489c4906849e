import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heapFlagsToSet } from '../../src/cli/heap.js';

const ALL = ['--heap-growing-percent=300', '--semi-space-growth-factor=1', '--min-semi-space-size=4'];
const YOUNG = ['--semi-space-growth-factor=1', '--min-semi-space-size=4'];

test('a heap flag given to node is kept, with the flags that depend on it; nothing else is mistaken for one', () => {
  const rows: Array<[string[], string | undefined, string[]]> = [
    [[], undefined, ALL],
    [['--max-old-space-size=4096'], '--enable-source-maps', ALL],
    [['--heap-growing-percent=50'], undefined, YOUNG],
    [['--heap_growing_percent=50'], undefined, YOUNG],
    [[], '--heap-growing-percent=100 --enable-source-maps', YOUNG],
    [['--max-semi-space-size=8'], undefined, ['--heap-growing-percent=300']],
    [[], '--min-semi-space-size=2', ['--heap-growing-percent=300']],
    [['--semi_space_growth_factor=2'], undefined, ['--heap-growing-percent=300']],
    [['--max-semi-space-size=8', '--heap-growing-percent=0'], undefined, []],
    [['--trace-gc', '--cpu-prof'], '', ALL],
    // A longer flag that merely starts like one of ours is not ours.
    [['--heap-growing-percentage=5'], undefined, ALL],
  ];
  for (const [execArgv, nodeOptions, want] of rows) {
    assert.deepEqual(heapFlagsToSet(execArgv, nodeOptions, 13), want, `${execArgv.join(' ')} | ${nodeOptions}`);
  }
});

test('the young generation is held only on V8 12 and later; the growth factor on every version', () => {
  assert.deepEqual(heapFlagsToSet([], undefined, 11), ['--heap-growing-percent=300']);
  assert.deepEqual(heapFlagsToSet([], undefined, 12), ALL);
  assert.deepEqual(heapFlagsToSet([], undefined, 13), ALL);
  assert.deepEqual(heapFlagsToSet(['--heap-growing-percent=10'], undefined, 11), []);
});
