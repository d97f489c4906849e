import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProcessedCounter } from '../../src/load/context.js';

test('chunks_processed: in step, unknown, jumps, repeats, falls, and a new socket', () => {
  // [counter observed, expected result (-1 in step, else chunks skipped), expected previous]
  const rows: Array<[number | null | 'reset', number, number | null]> = [
    [1, -1, null], // the first reply of a socket sets the base
    [2, -1, 1],
    [null, -1, 1], // a reply without the counter says nothing (previous unchanged)
    [3, -1, 2],
    [6, 2, 3], // 4 and 5 were processed and never answered
    [6, 0, 6], // a repeat: an anomaly, nothing skipped
    [4, 0, 6], // a fall: an anomaly, nothing skipped
    [5, -1, 4],
    ['reset', -1, 4],
    [40, -1, null], // a new socket counts from its own first reply
    [41, -1, 40],
  ];
  const c = new ProcessedCounter();
  rows.forEach(([counter, want, previous], i) => {
    if (counter === 'reset') return c.reset();
    assert.equal(c.observe(counter), want, `row ${i}: observe(${counter})`);
    assert.equal(c.previous, previous, `row ${i}: previous`);
  });
});
