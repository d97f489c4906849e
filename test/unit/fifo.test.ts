import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Fifo } from '../../src/load/fifo.js';

test('replies complete the oldest request; timeouts mark late without removing', () => {
  const f = new Fifo();
  for (const due of [0, 100, 200, 300]) f.push('chunk', due);
  const late: number[] = [];
  f.expire(2150, 2000, (p) => late.push(p.due));
  assert.deepEqual(late, [0, 100]);
  assert.equal(f.size, 4);
  assert.equal(f.active, 2);
  // A late reply is consumed by the late head, so later chunks stay aligned.
  assert.deepEqual([f.shift()?.late, f.shift()?.late, f.shift()?.due], [true, true, 200]);
  assert.equal(f.active, 1);
  f.expire(2150, 2000, (p) => late.push(p.due));
  assert.deepEqual(late, [0, 100], 'entries are reported late once');
});

test('drain reports only what was still awaited', () => {
  const f = new Fifo();
  for (const due of [0, 100, 200]) f.push('chunk', due);
  f.expire(2050, 2000, () => {});
  const awaited: number[] = [];
  f.drain((p) => awaited.push(p.due));
  assert.deepEqual(awaited, [100, 200]);
  assert.equal(f.size, 0);
  assert.equal(f.active, 0);
});

test('compaction keeps order over many entries', () => {
  const f = new Fifo();
  for (let i = 0; i < 5000; i++) f.push('chunk', i);
  for (let i = 0; i < 4000; i++) assert.equal(f.shift()?.due, i);
  f.expire(4100 + 2000, 2000, () => {});
  assert.equal(f.active, 1000 - 101);
  assert.equal(f.shift()?.due, 4000);
});
