import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWorkers } from '../../src/workers/flags.js';
import { workersGenerator, type WorkerReport } from '../../src/workers/report.js';
import { renderTable } from '../../src/report/table.js';
import { latencies, makeResult } from './report-fixture.test.js';

test('--workers: a number, auto by cores (one left for the embedded server), or a clear problem', () => {
  const cases: Array<[unknown, number, boolean, number | undefined, RegExp | undefined]> = [
    [undefined, 8, false, 1, undefined],
    ['3', 8, false, 3, undefined],
    ['auto', 8, false, 8, undefined],
    ['AUTO', 8, true, 7, undefined],
    ['auto', 1, true, 1, undefined],
    ['0', 8, false, undefined, /from 1 to 256 or auto/],
    ['2.5', 8, false, undefined, /"2.5" is not a number of threads/],
    ['many', 8, false, undefined, /write e.g. --workers 2/],
    ['257', 8, false, undefined, /from 1 to 256/],
  ];
  for (const [v, cores, embedded, want, problem] of cases) {
    const r = parseWorkers(v, cores, embedded);
    assert.equal(r.workers, want, String(v));
    if (problem) assert.match(r.problem ?? '', problem);
    else assert.equal(r.problem, undefined);
  }
});

const w = (worker: number, lag: number, loop: number, crashed: string | null = null): WorkerReport =>
  ({ worker, sessions: 10, crashed, chunks_acked: 100, send_lag_p99_ms: lag, event_loop_delay_p99_ms: loop, setup_ms: 5 });

test('generator health with workers: the worst worker decides and is named; a crash makes the run invalid', () => {
  assert.deepEqual(workersGenerator([w(1, 3, 4), w(2, 5, 6)], 100), { healthy: true, warnings: [], worst: 2 });
  const late = workersGenerator([w(1, 3, 4), w(2, 30, 6), w(3, 20, 24)], 100);
  assert.equal(late.healthy, false);
  assert.equal(late.worst, 2);
  assert.match(late.warnings[0], /worker 2 of 3 fell behind: send_lag_ms p99 30 ms \(bound 25 ms\)/);
  const loop = workersGenerator([w(1, 3, 40), w(2, 30, 6)], 100);
  assert.equal(loop.worst, 1, 'event-loop delay 40/25 is worse than send lag 30/25');
  assert.equal(workersGenerator([w(1, 30, 6)], 100, 50).healthy, true, '--max-lag replaces both bounds');
  const crash = workersGenerator([w(1, 3, 4), w(2, 0, 0, 'worker 2 crashed: boom')], 100);
  assert.equal(crash.healthy, false);
  assert.match(crash.warnings[0], /worker 2 crashed: boom; .* invalid/);
});

test('the table names each worker under the generator line, a crashed one with its cause', () => {
  const workers = [w(1, 1.25, 2), { ...w(2, 0, 0, 'worker 2 crashed: boom; the main thread deleted its 10 sessions'), chunks_acked: 0 }];
  const text = renderTable({ ...makeResult({ rtt: latencies(100, 20) }), workers }, { color: false });
  assert.match(text, /\n {2}worker 1: 10 sessions, 100 acked, send lag p99 1\.25 ms, event-loop delay p99 2\.00 ms, set-up 5 ms\n/);
  assert.match(text, /\n {2}worker 2: 10 sessions, CRASHED \(worker 2 crashed: boom; the main thread deleted its 10 sessions\)/);
  assert.doesNotMatch(renderTable(makeResult({ rtt: latencies(100, 20) }), { color: false }), /worker 1:/);
});
