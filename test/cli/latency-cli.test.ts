/** The exit codes and output of `pipebench latency`, through the built binary. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interruptWhen, runCli } from '../helpers/cli.js';
import { startFakeServer } from '../helpers/fake-server.js';

test('exit 0: the latency profile passes; the table says how the chunks were sent', async () => {
  const server = await startFakeServer({ delayMs: 20 });
  try {
    const r = await runCli(['latency', '--target', server.url, '--chunks', '5', '--max-lag', '1s']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /latency: 5 chunks, one at a time, each waiting for its reply; a timeout counts as 2000 ms/);
    assert.match(r.stdout, /chunk_rtt_ms: avg < 150 +│ +\d+\.\d+ │ pass/);
    assert.match(r.stdout, /chunk_rtt_ms: p\(95\) < 300/);
    assert.match(r.stdout, /error_rate: rate < 0\.05/);
    assert.match(r.stdout, /PASS: all 4 thresholds passed \(exit 0\)/);
    assert.equal(server.deleted.size, 1);
  } finally {
    await server.close();
  }
});

test('exit 1: a slow server fails avg < 150; --json - carries the summary', async () => {
  const server = await startFakeServer({ delayMs: 200 });
  try {
    const r = await runCli(['latency', '--target', server.url, '--chunks', '3', '--max-lag', '1s', '--json', '-', '--quiet']);
    assert.equal(r.code, 1, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.equal(json.command, 'latency');
    assert.equal(json.scenario.chunks, 3);
    assert.equal(json.metrics.chunk_rtt_ms.count, 3);
    assert.ok(json.metrics.chunk_rtt_ms.min >= 200);
    assert.equal(json.thresholds.find((t: { expression: string }) => t.expression === 'avg < 150').passed, false);
  } finally {
    await server.close();
  }
});

test('exit 2: every bad flag at once; exit 3: unreachable', async () => {
  const bad = await runCli(['latency', '--chunks', 'many', '--chunk-timeout', '2', '--profile', 'nope', '--target', 'ftp://x']);
  assert.equal(bad.code, 2);
  for (const flag of ['--chunks', '--chunk-timeout', '--profile', '--target']) assert.match(bad.stderr, new RegExp(flag));
  assert.equal(bad.stdout, '');
  const gone = await runCli(['latency', '--target', 'http://127.0.0.1:9', '--chunks', '2']);
  assert.equal(gone.code, 3);
  assert.match(gone.stdout, /unreachable/);
});

test('exit 130: Ctrl-C stops, deletes the session and reports', async () => {
  const server = await startFakeServer();
  try {
    const r = await runCli(['latency', '--target', server.url, '--chunks', '100'], {
      onStart: interruptWhen(() => server.chunks > 0, 'the first chunk'),
    });
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stdout, /INTERRUPTED/);
    assert.equal(server.deleted.size, 1);
  } finally {
    await server.close();
  }
});
