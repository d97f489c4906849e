import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  alignToPhase, backoffMs, dueMs, nextSeqAt, phaseOffsetMs, rampDelayMs, runWindow, sliceStarts, strideSlice, wholeSlice,
} from '../../src/load/schedule.js';

test('phase offsets spread sessions evenly over one chunk period', () => {
  const cases: Array<[number, number, number, number]> = [
    [0, 1, 100, 0], [0, 4, 100, 0], [1, 4, 100, 25], [3, 4, 100, 75], [5, 10, 100, 50], [1, 3, 90, 30],
  ];
  for (const [i, n, chunk, want] of cases) assert.equal(phaseOffsetMs(i, n, chunk), want, `i=${i} n=${n}`);
});

test('ramp-up delays session starts linearly, none without ramp', () => {
  const cases: Array<[number, number, number, number]> = [
    [0, 10, 1000, 0], [5, 10, 1000, 500], [9, 10, 1000, 900], [3, 10, 0, 0], [0, 1, 1000, 0],
  ];
  for (const [i, n, ramp, want] of cases) assert.equal(rampDelayMs(i, n, ramp), want);
});

test('due times are absolute: start + seq * chunk, never accumulated', () => {
  assert.equal(dueMs(1000, 0, 100), 1000);
  assert.equal(dueMs(1000, 600, 100), 61000);
  // 10 000 steps of 0.1 ms stay exact where repeated addition drifts.
  assert.equal(dueMs(0, 10_000, 0.1), 1000);
});

test('alignToPhase lands on the session phase grid at or after readiness', () => {
  const cases: Array<[number, number, number, number, number]> = [
    // readyAt, t0, offset, chunk, want
    [0, 0, 25, 100, 25],
    [25, 0, 25, 100, 25],
    [26, 0, 25, 100, 125],
    [340, 0, 25, 100, 425],
    [1000, 1000, 0, 100, 1000],
  ];
  for (const [ready, t0, off, chunk, want] of cases) assert.equal(alignToPhase(ready, t0, off, chunk), want, `ready=${ready}`);
});

test('nextSeqAt and backoff', () => {
  assert.equal(nextSeqAt(0, 100, 100), 0);
  assert.equal(nextSeqAt(100, 100, 100), 0);
  assert.equal(nextSeqAt(150, 100, 100), 1);
  assert.equal(nextSeqAt(300, 100, 100), 2);
  assert.deepEqual([0, 1, 2, 3, 4, 5, 10].map((a) => backoffMs(a)), [100, 200, 400, 800, 1600, 2000, 2000]);
});

test('run window: ramp-up and warmup precede the measured duration', () => {
  assert.deepEqual(runWindow(1000, 2000, 500, 10_000), { measureStartMs: 3500, endMs: 13_500 });
  assert.deepEqual(runWindow(0, 0, 0, 60_000), { measureStartMs: 0, endMs: 60_000 });
});

test('strideSlice: which global indices each part owns', () => {
  const cases: Array<[number, number, number, number[]]> = [
    // total, part (0-based), parts, indices
    [10, 0, 3, [0, 3, 6, 9]],
    [10, 1, 3, [1, 4, 7]],
    [10, 2, 3, [2, 5, 8]],
    [4, 0, 1, [0, 1, 2, 3]],
    [2, 2, 3, []],
    [1, 0, 2, [0]],
  ];
  for (const [total, part, parts, want] of cases) {
    assert.deepEqual(strideSlice(total, part, parts), { total, indices: want }, `part ${part} of ${parts}, total ${total}`);
  }
});

test('sliceStarts: offsets and ramp delays are the global ones, by global index', () => {
  // 8 sessions, 100 ms chunks, 800 ms ramp: part 1 of 3 owns 1, 4, 7.
  assert.deepEqual(sliceStarts(strideSlice(8, 1, 3), 100, 800), [
    { index: 1, offsetMs: 12.5, rampDelayMs: 100 },
    { index: 4, offsetMs: 50, rampDelayMs: 400 },
    { index: 7, offsetMs: 87.5, rampDelayMs: 700 },
  ]);
  assert.deepEqual(sliceStarts({ total: 4, indices: [3] }, 20, 0), [{ index: 3, offsetMs: 15, rampDelayMs: 0 }]);
});

test('the parts of a plan together are exactly the whole plan', () => {
  for (const [total, parts] of [[1, 1], [7, 1], [7, 2], [10, 3], [100, 7], [5, 5], [64, 16]]) {
    const whole = sliceStarts(wholeSlice(total), 40, 1000);
    const joined = Array.from({ length: parts }, (_, p) => sliceStarts(strideSlice(total, p, parts), 40, 1000))
      .flat()
      .sort((a, b) => a.index - b.index);
    assert.deepEqual(joined, whole, `${total} sessions in ${parts} parts`);
    assert.equal(new Set(joined.map((s) => s.index)).size, total, 'no index twice');
  }
});
