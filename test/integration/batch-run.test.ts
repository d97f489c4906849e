/** batch against the reference server and purpose-built HTTP servers, over real sockets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { batch } from '../../src/commands/batch/run.js';
import { resolveBatch } from '../../src/batch/options.js';
import { loadProfile } from '../../src/profile.js';
import { startServer } from '../../src/server/index.js';
import { until } from '../helpers/wait.js';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

/** An HTTP server answering health checks, and every POST through `handler` (n counts from 1). */
async function httpServer(handler: Handler) {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/api/health') return void res.end('{"status": "healthy"}');
      handler(req, res, ++n);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, posts: () => n, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

const json = (res: ServerResponse, status: number, body: unknown, delayMs = 0) =>
  setTimeout(() => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)), delayMs);

function run(url: string, flags: Record<string, unknown>, signal?: AbortSignal) {
  const { profile } = loadProfile('batch', process.cwd());
  // Generator health is not the subject here: relaxed so a busy machine cannot turn a verdict into exit 4.
  const r = resolveBatch({ 'audio-seconds': '0.2', 'max-lag': '1s', ...flags }, profile ?? null, process.cwd());
  assert.deepEqual(r.problems, []);
  return batch({ scenario: r.scenario!, target: { url, embedded: false }, warnings: r.warnings }, { signal });
}

test('reference server: every endpoint answers 200 and passes the batch profile', async () => {
  const server = await startServer({ port: 0, host: '127.0.0.1' });
  try {
    for (const endpoint of ['process', 'stage:noise_reduction', 'fft', 'lufs']) {
      const r = await run(server.url, { endpoint, requests: '6', concurrency: '2' });
      assert.equal(r.counts.http_reqs, 6, `${endpoint}: ${JSON.stringify(r.errors)}`);
      assert.deepEqual(r.status_counts, { 200: 6 }, endpoint);
      assert.equal(r.metrics.http_req_ms.count, 6);
      assert.equal(r.exit_code, 0, `${endpoint}: ${r.verdict_reason}`);
    }
  } finally {
    await server.close();
  }
});

test('open model: latency runs from the scheduled start, so a serialising server cannot hide its queue', async () => {
  // 100 ms per request over one connection, asked for 20/s: request k queues behind the k before it.
  const server = await httpServer((_req, res) => json(res, 200, { success: true }, 100));
  try {
    const open = await run(server.url, { rate: '20/s', duration: '1s', connections: '1' });
    assert.equal(open.counts.http_reqs, 20);
    assert.ok(open.metrics.http_req_ms.max > 900, `open max ${open.metrics.http_req_ms.max}`);
    assert.ok(open.metrics.send_lag_ms.count === 20);
    const closed = await run(server.url, { concurrency: '1', requests: '5' });
    assert.ok(closed.metrics.http_req_ms.max < 300, `closed max ${closed.metrics.http_req_ms.max}`);
    assert.equal(closed.metrics.send_lag_ms.count, 0, 'a closed model has no schedule to lag behind');
    assert.equal(closed.scenario.model, 'closed');
  } finally {
    await server.close();
  }
});

test('"success": false and error statuses count as failures, by status and kind; thresholds fail (exit 1)', async () => {
  const server = await httpServer((_req, res, n) =>
    n % 3 === 0 ? json(res, 503, { detail: 'busy' }) : json(res, 200, { success: n % 3 === 1, errors: ['no coordinator'] }),
  );
  try {
    const r = await run(server.url, { requests: '9', concurrency: '3' });
    assert.equal(r.counts.http_reqs, 9);
    assert.equal(r.counts.http_ok, 3);
    assert.equal(r.counts.http_failed, 6);
    assert.deepEqual(r.status_counts, { 200: 6, 503: 3 });
    assert.deepEqual(r.errors.map((e) => [e.kind, e.count]).sort(), [['HTTP 503', 3], ['success: false', 3]]);
    assert.equal(r.exit_code, 1, r.verdict_reason);
    assert.equal(r.thresholds.find((t) => t.metric === 'success_rate')?.passed, false);
  } finally {
    await server.close();
  }
});

test('a server that never answers: timeouts, no response, unusable (exit 3); unreachable (exit 3)', async () => {
  const server = await httpServer(() => {});
  try {
    const r = await run(server.url, { requests: '2', concurrency: '2', timeout: '300ms' });
    assert.equal(r.exit_code, 3, r.verdict_reason);
    assert.deepEqual(r.status_counts, { 'no response': 2 });
    assert.equal(r.errors[0].kind, 'timeout');
  } finally {
    await server.close();
  }
  const r = await run('http://127.0.0.1:9', { requests: '2' });
  assert.equal(r.exit_code, 3);
  assert.match(r.warnings[0], /unreachable/);
});

test('an abort stops issuing, cuts in-flight requests after the grace, exit 130', async () => {
  const server = await httpServer((_req, res) => json(res, 200, {}, 50));
  const ac = new AbortController();
  try {
    // Abort once ten requests have arrived (0.2 s at 50/s), however slow the start.
    void until(() => server.posts() >= 10, 10_000, 'ten requests').then(() => ac.abort());
    const t = performance.now();
    const r = await run(server.url, { rate: '50/s', duration: '30s' }, ac.signal);
    assert.ok(performance.now() - t < 3000);
    assert.equal(r.exit_code, 130);
    assert.ok(r.counts.http_reqs >= 10 && r.counts.http_reqs <= 30, `reqs ${r.counts.http_reqs}`);
  } finally {
    await server.close();
  }
});

test('profile thresholds batch cannot judge are skipped with a warning; such --threshold flags are problems', () => {
  const { profile } = loadProfile('default', process.cwd());
  const r = resolveBatch({ threshold: ['http_req_ms: p(95) < 50'] }, profile ?? null, process.cwd());
  assert.deepEqual(r.scenario!.thresholds.map((t) => t.metric).sort(), ['error_rate', 'http_req_ms', 'success_rate']);
  assert.match(r.warnings[0], /chunk_rtt_ms.*skipped/);
  const bad = resolveBatch({ threshold: ['chunk_rtt_ms: p(95) < 50'], rate: '0', concurrency: '2', endpoint: 'fft', format: 'wav', requests: '-1' }, null, process.cwd());
  for (const needle of ['chunk_rtt_ms', '--rate and --concurrency', '--rate:', '--format wav', '--requests']) {
    assert.ok(bad.problems.some((p) => p.includes(needle)), `${needle} in ${bad.problems.join(' | ')}`);
  }
});
