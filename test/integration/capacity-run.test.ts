/** The capacity search against purpose-built servers over real sockets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capacity } from '../../src/commands/capacity/run.js';
import { CAPACITY_DEFAULTS, resolveCapacity } from '../../src/capacity/options.js';
import { startKneeServer } from '../helpers/knee-server.js';
import { startFakeServer, type FakeServer } from '../helpers/fake-server.js';
import { until } from '../helpers/wait.js';

function options(url: string, flags: Record<string, unknown>) {
  const r = resolveCapacity(
    // The generator bound is relaxed so a busy machine cannot turn a level invalid; the generator test sets its own.
    { 'step-duration': '1500ms', settle: '300ms', 'chunk-timeout': '1s', 'max-lag': '1s', threshold: ['chunk_rtt_ms: p(95) < 400'], ...flags },
    null,
    process.cwd(),
  );
  assert.deepEqual(r.problems, []);
  return { scenario: r.scenario!, search: r.search!, target: { url, embedded: false } };
}

test('finds the knee of a server slowed by 200 ms per session beyond 4, within one step', async () => {
  const server = await startKneeServer({ freeSessions: 4, msPerSession: 200 });
  try {
    const t = performance.now();
    const r = await capacity(options(server.url, { start: '2', step: '2', max: '12' }));
    const wallS = (performance.now() - t) / 1000;
    assert.equal(r.exit_code, 0, r.verdict_reason);
    assert.equal(r.command, 'capacity');
    assert.ok(r.capacity.max_sessions === 4 || r.capacity.max_sessions === 5, `capacity ${r.capacity.max_sessions}`);
    assert.deepEqual(r.capacity.broken_by, ['chunk_rtt_ms: p(95) < 400']);
    assert.equal(r.capacity.generator_limited, false);
    assert.deepEqual(r.levels.map((l) => l.sessions), [2, 4, 6, 5]);
    assert.deepEqual(r.levels.map((l) => l.phase), ['step', 'step', 'step', 'bisect']);
    const six = r.levels.find((l) => l.sessions === 6)!;
    // At least the server's 400 ms; the upper bound is the chunk timeout, as a busy machine adds its own delay.
    assert.ok(six.p95_ms >= 400 && six.p95_ms < 1000, `p95 at 6: ${six.p95_ms}`);
    assert.equal(r.scenario.sessions, r.capacity.max_sessions, 'the document shows the capacity level');
    assert.equal(server.created.size, 2 + 4 + 6 + 5);
    assert.equal(server.deleted.size, server.created.size, 'every level deletes its sessions');
    assert.ok(wallS < 15, `took ${wallS.toFixed(1)} s`);
  } finally {
    await server.close();
  }
});

test('--no-bisect stops at the first failing level', async () => {
  const server = await startKneeServer({ freeSessions: 4, msPerSession: 200 });
  try {
    const r = await capacity(options(server.url, { start: '4', step: '4', max: '12', bisect: false }));
    assert.equal(r.exit_code, 0, r.verdict_reason);
    assert.deepEqual(r.levels.map((l) => [l.sessions, l.verdict]), [[4, 'pass'], [8, 'fail']]);
    assert.equal(r.capacity.max_sessions, 4);
  } finally {
    await server.close();
  }
});

test('exit 1 when even the first level fails; exit 3 when nothing answers', async () => {
  const slow = await startFakeServer({ delayMs: 150 });
  try {
    const r = await capacity(options(slow.url, { start: '1', step: '1', max: '3', threshold: ['chunk_rtt_ms: p(95) < 100'] }));
    assert.equal(r.exit_code, 1);
    assert.equal(r.verdict, 'fail');
    assert.equal(r.capacity.max_sessions, null);
    assert.deepEqual(r.levels.map((l) => l.sessions), [1]);
    assert.match(r.verdict_reason, /first level \(1 session\) failed: chunk_rtt_ms/);
  } finally {
    await slow.close();
  }
  const r = await capacity(options('http://127.0.0.1:9', { start: '1', max: '2' }));
  assert.equal(r.exit_code, 3);
  assert.equal(r.verdict, 'unusable');
  assert.deepEqual(r.levels, []);
});

test('every level up to --max passing: capacity at least --max, exit 0', async () => {
  const server: FakeServer = await startFakeServer();
  try {
    // The levels, not the latency bound, are the subject: an instant server must pass a bound a busy machine cannot break.
    const r = await capacity(options(server.url, { start: '1', step: '2', max: '3', 'step-duration': '600ms', settle: '0s', threshold: ['chunk_rtt_ms: p(95) < 2000'] }));
    assert.equal(r.exit_code, 0, r.verdict_reason);
    assert.deepEqual(r.levels.map((l) => l.sessions), [1, 3]);
    assert.equal(r.capacity.max_sessions, 3);
    assert.equal(r.capacity.broken_by, null);
    assert.match(r.verdict_reason, /at least 3 sessions/);
  } finally {
    await server.close();
  }
});

test('an abort during a level: exit 130, the levels before it kept', async () => {
  const server = await startFakeServer();
  const ac = new AbortController();
  try {
    let levelsSeen = 0;
    const r = await capacity(options(server.url, { start: '1', step: '1', max: '5', 'step-duration': '700ms', settle: '0s', threshold: ['chunk_rtt_ms: p(95) < 2000'] }), {
      signal: ac.signal,
      onProgress: (text) => {
        if (!text.startsWith('2 sessions') || levelsSeen++ > 0) return;
        // Abort once the level is streaming (two more chunks), however slow its setup.
        const before = server.chunks;
        void until(() => server.chunks >= before + 2, 10_000, 'chunks at 2 sessions').then(() => ac.abort());
      },
    });
    assert.equal(r.exit_code, 130);
    assert.equal(r.verdict, 'interrupted');
    assert.deepEqual(r.levels.map((l) => l.sessions), [1]);
    assert.equal(r.capacity.max_sessions, 1);
    assert.equal(server.deleted.size, server.created.size);
    assert.ok(r.warnings.some((w) => /interrupted/.test(w)));
  } finally {
    await server.close();
  }
});

test('defaults are sane', () => {
  assert.equal(CAPACITY_DEFAULTS.bisect, true);
  const r = resolveCapacity({ start: '0', max: 'x', step: '1.5', 'step-duration': 'soon', settle: '-1s', resolution: '0' }, null, process.cwd());
  for (const flag of ['--start', '--max', '--step', '--step-duration', '--settle', '--resolution']) {
    assert.ok(r.problems.some((p) => p.startsWith(flag)), `${flag} in ${r.problems.join(' | ')}`);
  }
  const below = resolveCapacity({ start: '10', max: '5' }, null, process.cwd());
  assert.match(below.problems.join('\n'), /--max: 5 is below --start 10/);
});

test('the generator becoming the bottleneck stops the search: invalid, exit 4, not blamed on the server', async () => {
  const server = await startFakeServer();
  try {
    const r = await capacity(options(server.url, { start: '1', step: '1', max: '4', 'step-duration': '1s', settle: '0s', 'max-lag': '200ms' }), {
      onProgress: (text) => {
        // Block this process's event loop during the second level, as an overloaded generator would;
        // the bound leaves a busy test machine's own event-loop delay (tens of ms) well below it.
        if (text.startsWith('2 sessions')) for (const end = performance.now() + 500; performance.now() < end; );
      },
    });
    assert.equal(r.exit_code, 4, r.verdict_reason);
    assert.equal(r.verdict, 'invalid');
    assert.deepEqual(r.levels.map((l) => [l.sessions, l.phase, l.verdict]), [[1, 'step', 'pass'], [2, 'step', 'invalid'], [2, 'retry', 'invalid']]);
    assert.equal(r.capacity.generator_limited, true);
    assert.equal(r.capacity.max_sessions, 1);
    assert.match(r.verdict_reason, /pipebench itself became the bottleneck at 2 sessions/);
    assert.ok(r.warnings.some((w) => /^at 2 sessions: pipebench/.test(w)), r.warnings.join('\n'));
  } finally {
    await server.close();
  }
});
