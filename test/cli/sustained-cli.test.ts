/** The exit-code contract and output of `pipebench sustained`, through the built binary. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interruptWhen, runCli } from '../helpers/cli.js';
import { startFakeServer } from '../helpers/fake-server.js';

// Verdict tests must not turn into exit 4 on a busy machine: the generator bound is relaxed here
// and tested on its own below.
const quick = ['--sessions', '2', '--duration', '1s', '--chunk-timeout', '500ms', '--max-lag', '1s'];

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
    const r = await runCli(['sustained', '--target', server.url, '--sessions', '3', '--duration', '30s', '--max-lag', '1s'], {
      onStart: interruptWhen(() => server.created.size === 3 && server.chunks >= 3, 'chunks on all 3 sessions'),
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

test('--abort-on-fail: stops once a threshold can no longer pass, sessions deleted, exit 1', async () => {
  const server = await startFakeServer({ error: true });
  try {
    const t = performance.now();
    const r = await runCli(['sustained', '--target', server.url, '--sessions', '2', '--duration', '60s', '--abort-on-fail', '--max-lag', '1s', '--json', '-', '--quiet']);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(performance.now() - t < 15_000, 'stopped long before the 60 s duration');
    const json = JSON.parse(r.stdout);
    assert.equal(json.verdict, 'fail');
    assert.ok(json.warnings.some((w: string) => /stopped early \(--abort-on-fail\): (error_rate|success_rate)/.test(w)), json.warnings.join('\n'));
    assert.equal(server.deleted.size, 2);
  } finally {
    await server.close();
  }
});

test('exit 4: a generator over its lag bound makes the run invalid, whatever the thresholds say', async () => {
  const server = await startFakeServer();
  try {
    const r = await runCli(['sustained', '--target', server.url, ...quick.slice(0, -2), '--max-lag', '0ms']);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stdout, /OVERLOADED/);
    assert.match(r.stdout, /fell behind its schedule: send_lag_ms p99 was .* above 0 ms \(the --max-lag bound\)/);
    assert.match(r.stdout, /INVALID: the load generator was the bottleneck \(exit 4\)/);
  } finally {
    await server.close();
  }
});
