/** --out/--verbose with workers: a worker's events, batched, replay on the main thread as they happened. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventRecorder, replay, replayClock } from '../../src/workers/forward.js';
import type { LoadSink } from '../../src/load/sink.js';

/** A sink that writes down every call (an optional argument left out and one passed as undefined alike). */
function tape(): { sink: LoadSink; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const record = (name: string | symbol, args: unknown[]) => {
    while (args.length && args[args.length - 1] === undefined) args.pop();
    calls.push([name, ...args]);
  };
  const sink = new Proxy({}, { get: (_t, name) => (...args: unknown[]) => record(name, args) }) as LoadSink;
  return { sink, calls };
}

const play = (r: LoadSink) => {
  r.clockStarted(100, 200, 1200);
  r.sessionCreated(3.5);
  r.sessionFailed('create failed: HTTP 503', 'full');
  r.socketOpened(1.25, false, 4);
  r.socketOpened(2, true);
  r.chunkSent(4, 0, 200, 200.5);
  r.chunkAudio(4, 0, 200, 210, Buffer.from('x'));
  r.chunkAcked(4, 0, 200, 211, 9.5);
  r.chunkAcked(4, 1, 300, 305, null);
  r.chunkUnsent(5, 2, 400, 'socket not open');
  r.chunkFailed(4, 3, 500, 'error reply', 'boom');
  r.chunkLost(4, 4, 600, 'timeout', 'no reply in 500 ms');
  r.lateReply(4, 4, 600);
  r.requestSent('ping', 650);
  r.requestDone('ping', 650, 652);
  r.requestDone('update', 660, 670, { kind: 'not sent', message: 'socket not open' });
  r.sequenceAnomaly(4, 'chunks_processed went 3 → 5');
  r.error('unparseable reply', 'not JSON');
  r.socketClosed(true, 'code 1006', 4);
  r.socketClosed(false, '');
  r.sessionDeleted();
  r.sessionNotDeleted('HTTP 500: oops');
};

test('every event but returned audio comes out in order, with its arguments', () => {
  const rec = new EventRecorder();
  play(rec);
  const direct = tape();
  play(direct.sink);
  const replayed = tape();
  replay(rec.take()!, replayed.sink, replayClock({ t0: null }));
  assert.deepEqual(replayed.calls, direct.calls.filter((c) => c[0] !== 'chunkAudio'));
  assert.equal(rec.take(), null, 'taken: the next batch starts empty');
});

test("times: before its clock, by the clocks' origins; then each worker's t0 on the first one's, which starts the clock once", () => {
  const first = new EventRecorder();
  first.clockStarted(100, 200, 1200);
  first.chunkSent(0, 0, 200, 201);
  const second = new EventRecorder();
  second.chunkSent(9, 0, 50, 51); // before its own clock (never happens for chunks; shows the origin shift)
  second.clockStarted(400.25, 500.25, 1500.25); // the same agreed instant, read on its own clock
  second.chunkAcked(1, 0, 525.25, 530.25, 20);
  const out = tape();
  const run = { t0: null };
  replay({ ...first.take()!, timeOrigin: performance.timeOrigin + 1000 }, out.sink, replayClock(run));
  replay({ ...second.take()!, timeOrigin: performance.timeOrigin + 2000 }, out.sink, replayClock(run));
  assert.deepEqual(out.calls, [
    ['clockStarted', 1100, 1200, 2200], ['chunkSent', 0, 0, 1200, 1201],
    ['chunkSent', 9, 0, 2050, 2051], ['chunkAcked', 1, 0, 1225, 1230, 20],
  ]);
});

test('a batch grows past its first buffer without losing events', () => {
  const rec = new EventRecorder();
  for (let i = 0; i < 5000; i++) rec.chunkSent(i % 7, i, i * 10, i * 10 + 1);
  const out = tape();
  replay(rec.take()!, out.sink, replayClock({ t0: null }));
  assert.equal(out.calls.length, 5000);
  assert.deepEqual(out.calls[4999], ['chunkSent', 4999 % 7, 4999, 49990, 49991]);
});
