import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scheduler, type Schedulable } from '../../src/load/scheduler.js';

/** A session whose next chunk is due at `next`, then every 100 ms, recording the dues it sent. */
function session(next: number, fired: Array<[number, number]>, id: number): Schedulable {
  return {
    nextDue: next,
    fire() {
      fired.push([id, this.nextDue]);
      this.nextDue += 100;
    },
    sweep() {},
  };
}

test('catchUp sends what is due before the end and nothing at or after it', () => {
  // Rows: each session's next unsent chunk when the run's end timer fired, the end, the clock then,
  // and the [session, due] pairs catchUp must send, in that order.
  const rows: Array<{ next: number[]; end: number; at: number; want: Array<[number, number]> }> = [
    // The last chunks of sessions 1 and 2 were due in the run's last millisecond.
    { next: [1000, 999.6, 999.8], end: 1000, at: 1000.4, want: [[1, 999.6], [2, 999.8]] },
    // Nothing left: every session's next chunk is at or after the end.
    { next: [1000, 1050], end: 1000, at: 1000.2, want: [] },
    // Far behind (a stalled loop): everything due before the end goes, oldest first, past the per-tick budget.
    { next: Array.from({ length: 300 }, (_, i) => 900 + i / 10), end: 1000, at: 1001, want: Array.from({ length: 300 }, (_, i): [number, number] => [i, 900 + i / 10]) },
  ];
  for (const r of rows) {
    const fired: Array<[number, number]> = [];
    const s = new Scheduler(() => r.at, r.end);
    r.next.forEach((n, i) => s.add(session(n, fired, i)));
    s.catchUp();
    assert.deepEqual(fired, r.want, JSON.stringify(r.next.slice(0, 3)));
    s.close();
  }
});
