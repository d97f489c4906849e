/** The exit-code contract and output of `pipebench sustained`, through the built binary. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';
import { startFakeServer } from '../helpers/fake-server.js';

const quick = ['--sessions', '2', '--duration', '1s', '--chunk-timeout', '500ms'];

test('exit 0: thresholds pass; table on stdout names target, metrics, thresholds and verdict', async () => {
  const server = await startFakeServer();
  try {
    const r = await runCli(['sustained', '--target', server.url, ...quick]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, new RegExp(server.url.replace(/[.:/]/g, '\\$&')));
    for (const m of ['chunk_rtt_ms', 'first_audio_ms', 'server_latency_ms', 'send_lag_ms', 'connect_ms', 'create_ms']) assert.match(r.stdout, new RegExp(m));
    assert.match(r.stdout, /PASS: all \d+ thresholds passed \(exit 0\)/);
    assert.doesNotMatch(r.stdout, /\x1b\[/, 'no escape codes when not a TTY');
    assert.equal(server.deleted.size, 2);
  } finally {
    await server.close();
  }
});

test('exit 1: a threshold fails; --json - writes the versioned result to stdout', async () => {
  const server = await startFakeServer({ delayMs: 30 });
  try {
    const r = await runCli(['sustained', '--target', server.url, ...quick, '--threshold', 'chunk_rtt_ms: p(95) < 5', '--json', '-', '--quiet']);
    assert.equal(r.code, 1, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.equal(json.schema, 'pipebench/result@1');
    assert.equal(json.command, 'sustained');
    assert.equal(json.verdict, 'fail');
    assert.equal(json.exit_code, 1);
    const t = json.thresholds.find((x: { metric: string }) => x.metric === 'chunk_rtt_ms');
    assert.equal(t.passed, false);
    assert.ok(t.actual >= 30);
    assert.equal(typeof json.metrics.chunk_rtt_ms.hdr, 'string');
    assert.ok(json.metrics.chunk_rtt_ms.p999 >= json.metrics.chunk_rtt_ms.p99);
    assert.ok(Array.isArray(json.timeline) && json.timeline.length >= 1);
  } finally {
    await server.close();
  }
});

test('exit 2: every bad input reported at once, no stack trace, nothing started', async () => {
  const r = await runCli(['sustained', '--target', 'ftp://x', '--sessions', 'ten', '--duration', '5', '--threshold', 'chunk_rtt: p95 < 3', '--header', 'nocolon']);
  assert.equal(r.code, 2);
  for (const needle of ['--target', '--sessions', '--duration', '--threshold', '--header']) assert.match(r.stderr, new RegExp(needle));
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
  assert.equal(r.stdout, '');
});

test('exit 2: unknown flag and unknown profile', async () => {
  const a = await runCli(['sustained', '--sesions', '3']);
  assert.equal(a.code, 2);
  assert.match(a.stderr, /unknown option '--sesions'/);
  const b = await runCli(['sustained', '--profile', 'nope', '--target', 'http://127.0.0.1:9']);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /nope/);
  assert.match(b.stderr, /default/);
});

test('exit 3: unreachable target, and a target refusing every session', async () => {
  const a = await runCli(['sustained', '--target', 'http://127.0.0.1:9', ...quick]);
  assert.equal(a.code, 3, a.stderr);
  assert.match(a.stdout, /unreachable/);
  const server = await startFakeServer({ createStatus: 500 });
  try {
    const b = await runCli(['sustained', '--target', server.url, ...quick]);
    assert.equal(b.code, 3);
    assert.match(b.stdout, /HTTP 500/);
  } finally {
    await server.close();
  }
});

test('exit 130: Ctrl-C stops, deletes sessions and prints the partial report', async () => {
  const server = await startFakeServer();
  try {
    const r = await runCli(['sustained', '--target', server.url, '--sessions', '3', '--duration', '30s'], {
      onStart: (c) => setTimeout(() => c.kill('SIGINT'), 1500),
    });
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /interrupted/);
    assert.match(r.stdout, /INTERRUPTED/);
    assert.equal(server.created.size, 3);
    assert.equal(server.deleted.size, 3);
  } finally {
    await server.close();
  }
});
