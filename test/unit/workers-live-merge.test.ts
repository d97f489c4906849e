/** --abort-on-fail with workers: the live merge reuses settled seconds and equals the one merge exactly. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Recorder } from '../../src/measure/recorder.js';
import { mergeMeasurements } from '../../src/merge/merge.js';
import { LiveMerge } from '../../src/workers/live-merge.js';
import { rng } from './report-fixture.test.js';

const WORKERS = 3;
const SESSIONS = 12;

/**
 * Feed second `s` to each worker's recorder: chunks due in it, replies up to 300 ms later, some
 * errors; each worker's last chunk of the second is answered only in the next round (a reply
 * landing after its second), so the previous second changes too.
 */
const pending: Array<() => void> = [];
function feed(recorders: Recorder[], s: number, random: () => number): void {
  for (const ack of pending.splice(0)) ack();
  recorders.forEach((r, w) => {
    for (let i = w; i < SESSIONS; i += WORKERS) {
      for (let seq = s * 10; seq < (s + 1) * 10; seq++) {
        const due = seq * 100 + (i * 100) / SESSIONS;
        const rtt = 5 + random() * 295;
        r.chunkSent(i, seq, due, due + random());
        if (random() < 0.02) r.chunkFailed(i, seq, due, 'error reply', 'boom');
        else if (i === w && seq === (s + 1) * 10 - 1) pending.push(() => r.chunkAcked(i, seq, due, due + rtt, 3));
        else r.chunkAcked(i, seq, due, due + rtt, 3);
      }
    }
  });
}

test('the live merge equals mergeMeasurements every round, and re-merges only the seconds that changed', () => {
  const random = rng(7);
  const recorders = Array.from({ length: WORKERS }, () => new Recorder({ sessions: SESSIONS }));
  recorders.forEach((r) => r.clockStarted(0, 0, 60_000));
  const live = new LiveMerge();
  const remerged: number[] = [];
  for (let s = 0; s < 8; s++) {
    feed(recorders, s, random);
    const parts = recorders.map((r) => r.summary(s + 1, 1));
    assert.deepEqual(live.merge(parts), mergeMeasurements(parts, { globalSessionIndices: true }).summary, `round ${s}`);
    remerged.push(live.remerged);
  }
  assert.deepEqual(remerged, [1, 2, 2, 2, 2, 2, 2, 2], 'each round re-merges its new second and the one its late replies landed in');
  // A worker that ends leaves the live set: every second is merged afresh, still exactly.
  const two = recorders.slice(0, 2).map((r) => r.summary(8, 1));
  assert.deepEqual(live.merge(two), mergeMeasurements(two, { globalSessionIndices: true }).summary);
});
