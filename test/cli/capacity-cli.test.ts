/** The exit-code contract and output of `pipebench capacity`, through the built binary. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interruptWhen, runCli } from '../helpers/cli.js';
import { startFakeServer } from '../helpers/fake-server.js';
import { startKneeServer } from '../helpers/knee-server.js';

const quick = ['--step-duration', '1500ms', '--settle', '300ms', '--threshold', 'chunk_rtt_ms: p(95) < 400', '--profile', 'smoke', '--max-lag', '1s'];

test('exit 0: finds the knee; table per level and the answer on stdout; --json file carries levels and capacity', async () => {
  const server = await startKneeServer({ freeSessions: 4, msPerSession: 200 });
  const dir = mkdtempSync(join(tmpdir(), 'pipebench-capacity-'));
  try {
    const r = await runCli(['capacity', '--target', server.url, '--start', '3', '--step', '3', '--max', '9', ...quick, '--json', join(dir, 'r.json')]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /sessions .* chunks\/s .* p50 ms .* p95 ms .* p99 ms .* success .* verdict/);
    assert.match(r.stdout, /capacity: (4|5) sessions \(the highest level that passed\)/);
    assert.match(r.stdout, /broken above it by: chunk_rtt_ms: p\(95\) < 400/);
    assert.match(r.stdout, /PASS: capacity (4|5) sessions; at (5|6) sessions it broke chunk_rtt_ms: p\(95\) < 400 \(exit 0\)/);
    assert.match(r.stderr, /level: 6 sessions \(level 2, step\)/);
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    assert.equal(json.command, 'capacity');
    assert.equal(json.exit_code, 0);
    assert.deepEqual(json.levels.map((l: { sessions: number }) => l.sessions), [3, 6, 4, 5]);
    assert.ok([4, 5].includes(json.capacity.max_sessions));
    assert.deepEqual(json.capacity.broken_by, ['chunk_rtt_ms: p(95) < 400']);
    assert.equal(json.capacity.generator_limited, false);
    assert.equal(json.scenario.capacity.step, 3);
    for (const k of ['sessions', 'chunks_per_s', 'p50_ms', 'p95_ms', 'p99_ms', 'success_rate', 'error_rate', 'verdict', 'broken_by']) {
      assert.ok(k in json.levels[0], k);
    }
    assert.equal(server.deleted.size, server.created.size);
  } finally {
    await server.close();
  }
});

test('exit 1: even the first level fails; --json - keeps stdout parseable', async () => {
  const server = await startFakeServer({ delayMs: 700 });
  try {
    const r = await runCli(['capacity', '--target', server.url, '--start', '1', '--max', '2', ...quick, '--json', '-']);
    assert.equal(r.code, 1, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.equal(json.verdict, 'fail');
    assert.equal(json.capacity.max_sessions, null);
    assert.match(r.stderr, /FAIL: even the first level \(1 session\) failed/);
  } finally {
    await server.close();
  }
});

test('exit 2: every bad flag at once, nothing started', async () => {
  const r = await runCli(['capacity', '--target', 'ftp://x', '--start', '5', '--max', '2', '--step', '0', '--resolution', 'fine', '--settle', 'later']);
  assert.equal(r.code, 2);
  for (const needle of ['--target', '--max', '--step', '--resolution', '--settle']) assert.match(r.stderr, new RegExp(needle));
  assert.equal(r.stdout, '');
});

test('exit 3: unreachable target', async () => {
  const r = await runCli(['capacity', '--target', 'http://127.0.0.1:9', '--start', '1', '--max', '2', ...quick]);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stdout, /unreachable/);
});

test('exit 130: Ctrl-C during a level stops the search and deletes its sessions', async () => {
  const server = await startFakeServer();
  try {
    const r = await runCli(['capacity', '--target', server.url, '--start', '2', '--step', '2', '--max', '10', '--step-duration', '20s', '--settle', '0s'], {
      onStart: interruptWhen(() => server.created.size === 2 && server.chunks >= 2, 'chunks on the first level'),
    });
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stdout, /INTERRUPTED/);
    assert.equal(server.created.size, 2);
    assert.equal(server.deleted.size, 2);
  } finally {
    await server.close();
  }
});
