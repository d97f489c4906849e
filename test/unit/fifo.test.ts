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

test('the ring grows and wraps without losing order, and holds nothing once answered', () => {
  const f = new Fifo();
  let next = 0;
  let expect = 0;
  // Interleave pushes and shifts so the ring wraps many times, with bursts that force growth.
  for (let round = 0; round < 200; round++) {
    const burst = round % 50 === 0 ? 40 : 3;
    for (let i = 0; i < burst; i++) f.push('chunk', next++);
    for (let i = 0; i < 3; i++) assert.equal(f.shift()?.due, expect++);
  }
  assert.equal(f.size, next - expect);
  assert.equal(f.active, next - expect);
  const late: number[] = [];
  f.expire(expect + 5 + 2000, 2000, (p) => late.push(p.due));
  assert.deepEqual(late, [expect, expect + 1, expect + 2, expect + 3, expect + 4, expect + 5]);
  while (f.size > 0) assert.equal(f.shift()?.due, expect++);
  assert.equal(expect, next);
  assert.equal(f.active, 0);
  assert.equal(f.peek(), undefined);
  // Reading the ring's slots: every one is cleared once its request completed.
  const slots = (f as unknown as { ring: unknown[] }).ring;
  assert.ok(slots.every((s) => s === undefined), 'answered entries are not retained');
});
