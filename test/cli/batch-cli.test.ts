/** The exit-code contract and output of `pipebench batch`, through the built binary. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interruptWhen, runCli } from '../helpers/cli.js';
import { startServer } from '../../src/server/index.js';

// Generator health is not the subject here (--max-lag 1s), so the codes are exact: 0 or 1, never 4.
test('exit 0 or 1 by thresholds against the reference server; table on stdout, --json - on stdout', async () => {
  const server = await startServer({ port: 0, host: '127.0.0.1' });
  try {
    const ok = await runCli(['batch', '--target', server.url, '--endpoint', 'fft', '--requests', '8', '--audio-seconds', '0.2', '--max-lag', '1s']);
    assert.equal(ok.code, 0, ok.stderr + ok.stdout);
    assert.match(ok.stdout, /pipebench batch → .*\/api\/audio\/analyze\/fft/);
    assert.match(ok.stdout, /http_req_ms +│ +8 /);
    assert.match(ok.stdout, /status +200: 8/);
    assert.match(ok.stdout, /http_req_ms: p\(95\) < 1000/);
    const fail = await runCli(['batch', '--target', server.url, '--rate', '20/s', '--duration', '500ms', '--threshold', 'http_req_ms: p(95) < 0.001', '--max-lag', '1s', '--json', '-', '-q']);
    assert.equal(fail.code, 1, fail.stderr);
    const json = JSON.parse(fail.stdout);
    assert.equal(json.command, 'batch');
    assert.equal(json.scenario.model, 'open');
    assert.equal(json.counts.http_reqs, 10);
    assert.equal(json.thresholds.find((t: { metric: string }) => t.metric === 'http_req_ms').passed, false);
  } finally {
    await server.close();
  }
});

test('exit 2: every bad flag at once, nothing started', async () => {
  const r = await runCli(['batch', '--endpoint', 'mix', '--rate', 'fast', '--concurrency', '2', '--audio-seconds', '0', '--threshold', 'chunk_rtt_ms: p(95) < 5', '--format', 'flac']);
  assert.equal(r.code, 2);
  for (const needle of ['--endpoint', '--rate', '--audio-seconds', 'chunk_rtt_ms', '--format']) assert.match(r.stderr, new RegExp(needle));
  assert.equal(r.stdout, '');
});

test('exit 3: unreachable target', async () => {
  const r = await runCli(['batch', '--target', 'http://127.0.0.1:9', '--requests', '2']);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stdout, /unreachable/);
});

test('exit 130: Ctrl-C stops the run and prints the partial report', async () => {
  const server = await startServer({ port: 0, host: '127.0.0.1' });
  try {
    const r = await runCli(['batch', '--target', server.url, '--endpoint', 'lufs', '--rate', '10/s', '--duration', '30s', '--audio-seconds', '0.2'], {
      onStart: interruptWhen((stderr) => /[1-9]\d* requests done/.test(stderr), 'a finished request'),
    });
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stdout, /INTERRUPTED/);
  } finally {
    await server.close();
  }
});
