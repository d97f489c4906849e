/** Reference server, injected faults: each visible to a client, replies always FIFO. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/index.js';
import { TestSocket, createSession, sine, toBase64 } from '../helpers/server-client.js';

const CHUNK = toBase64(sine(440, 0.1, 0.3));

/** Run `body` against a fresh server with `opts` and one connected session. */
async function withSession(opts: Partial<ServerOptions>, body: (ws: TestSocket, server: RunningServer, id: string) => Promise<void>) {
  const server = await startServer(opts);
  try {
    const id = await createSession(server.url);
    const ws = await TestSocket.session(server.url, id);
    try {
      await body(ws, server, id);
    } finally {
      await ws.close();
    }
  } finally {
    await server.close();
  }
}

/** Read frames until `count` chunks completed; returns [counter or 'error', arrival ms] per chunk. */
async function readChunks(ws: TestSocket, count: number, timeoutMs = 3000): Promise<Array<[number | 'error', number]>> {
  const out: Array<[number | 'error', number]> = [];
  while (out.length < count) {
    const f = await ws.next(timeoutMs);
    if (f.type === 'metrics') out.push([f.metrics.chunks_processed, performance.now()]);
    else if (f.type === 'error') out.push(['error', performance.now()]);
  }
  return out;
}

describe('server faults', () => {
  test('delay holds every reply back', async () => {
    await withSession({ delayMs: 150 }, async (ws) => {
      const t0 = performance.now();
      ws.send({ type: 'ping' });
      assert.deepEqual(await ws.next(), { type: 'pong' });
      assert.ok(performance.now() - t0 >= 140, `pong after ${performance.now() - t0} ms`);
      const t1 = performance.now();
      ws.send({ type: 'audio_chunk', data: CHUNK });
      const [[n, at]] = await readChunks(ws, 1);
      assert.equal(n, 1);
      assert.ok(at - t1 >= 140, `metrics after ${at - t1} ms`);
    });
  });

  test('jitter reorders nothing: twenty chunks come back in order', async () => {
    await withSession({ delayMs: 5, jitterMs: 60, seed: 7 }, async (ws) => {
      for (let i = 0; i < 20; i++) ws.send({ type: 'audio_chunk', data: CHUNK });
      const got = await readChunks(ws, 20);
      assert.deepEqual(got.map(([n]) => n), Array.from({ length: 20 }, (_, i) => i + 1));
    });
  });

  test('error-rate 1 answers every chunk with an error and counts none', async () => {
    await withSession({ errorRate: 1 }, async (ws) => {
      for (let i = 0; i < 5; i++) ws.send({ type: 'audio_chunk', data: CHUNK });
      for (let i = 0; i < 5; i++) assert.deepEqual(await ws.next(), { type: 'error', error: 'Chunk processing failed: injected fault' });
      ws.send({ type: 'ping' });
      assert.deepEqual(await ws.next(), { type: 'pong' });
    });
  });

  test('error-rate with a seed is reproducible', async () => {
    const pattern = async () => {
      let seen: string = '';
      await withSession({ errorRate: 0.5, seed: 42 }, async (ws) => {
        for (let i = 0; i < 20; i++) ws.send({ type: 'audio_chunk', data: CHUNK });
        seen = (await readChunks(ws, 20)).map(([n]) => (n === 'error' ? 'E' : '.')).join('');
      });
      return seen;
    };
    const a = await pattern();
    assert.match(a, /E/);
    assert.match(a, /\./);
    assert.equal(await pattern(), a);
  });

  test('drop-after N answers N chunks, then drops the socket without a close frame', async () => {
    await withSession({ dropAfter: 3 }, async (ws, server, id) => {
      for (let i = 0; i < 5; i++) ws.send({ type: 'audio_chunk', data: CHUNK });
      const got = await readChunks(ws, 3);
      assert.deepEqual(got.map(([n]) => n), [1, 2, 3]);
      assert.equal((await ws.closed()).code, 1006);
      assert.equal(ws.pending, 0);
      // The session survives; a new socket carries on counting.
      const again = await TestSocket.session(server.url, id);
      again.send({ type: 'audio_chunk', data: CHUNK });
      assert.deepEqual((await readChunks(again, 1)).map(([n]) => n), [4]);
      await again.close();
    });
  });

  test('stall: replies stop for a while, then arrive late but in order', async () => {
    await withSession({ stallEveryMs: 300, stallForMs: 200 }, async (ws) => {
      const sent: number[] = [];
      for (let i = 0; i < 30; i++) {
        sent.push(performance.now());
        ws.send({ type: 'audio_chunk', data: CHUNK });
        await new Promise((r) => setTimeout(r, 20));
      }
      const got = await readChunks(ws, 30);
      assert.deepEqual(got.map(([n]) => n), Array.from({ length: 30 }, (_, i) => i + 1));
      const worst = Math.max(...got.map(([, at], i) => at - sent[i]));
      assert.ok(worst >= 120, `worst reply delay ${worst} ms; a 200 ms stall should show`);
    });
  });
});
