/**
 * Property-based fuzzing of the reference server's WebSocket frames. Each run sends a random
 * sequence of frames on a fresh session, each followed by a ping; the replies before that
 * ping's pong must be exactly what protocol.md promises for the frame (one terminal reply per
 * request, `error` for anything malformed, nothing for unknown types), the socket stays open
 * and chunks_processed rises by one per processed chunk. Bounded runs.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { TestSocket, createSession, http, sine, toBase64 } from '../helpers/server-client.js';

const STAGES = ['vad', 'noise_reduction', 'voice_enhancement', 'equalizer', 'limiter', 'agc', 'compression', 'lufs_normalization', 'spectral_denoising', 'voice_filter', 'voice_frequency_filter', 'eq', ''];
const PARAMS = ['strength', 'smoothing', 'aggressiveness', 'frame_duration', 'threshold', 'ratio', 'low_cutoff', 'high_cutoff', 'filter_order', 'target_lufs', 'max_gain', 'gain', 'low_shelf', 'enabled', 'gain_in', 'gain_out', 'x'];

const pcm = fc.oneof(
  fc.constant(toBase64(sine(440, 0.1, 0.3))),
  fc.constantFrom('', 'AA==', 'AAA=', '!!!!', 'AAAA'.repeat(1000)),
  fc.uint8Array({ maxLength: 4000 }).map((b) => Buffer.from(b).toString('base64')),
  fc.string({ maxLength: 50 }),
  fc.jsonValue({ maxDepth: 1 }),
);

const paramValue = fc.oneof(fc.double(), fc.integer(), fc.boolean(), fc.string({ maxLength: 6 }), fc.constant(null), fc.dictionary(fc.constantFrom('freq', 'gain', 'q'), fc.double(), { maxKeys: 3 }));

/** A frame as sent: text or binary. */
type Frame = { text: string } | { binary: Buffer };

const frame: fc.Arbitrary<Frame> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant('audio_chunk'), data: pcm, timestamp: fc.oneof(fc.integer(), fc.string({ maxLength: 4 })) }, { requiredKeys: ['type'] }).map((m) => ({ text: JSON.stringify(m) })) },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('update_stage'),
      stage_id: fc.oneof(fc.constantFrom(...STAGES), fc.jsonValue({ maxDepth: 1 })),
      parameters: fc.oneof(fc.dictionary(fc.constantFrom(...PARAMS), paramValue, { maxKeys: 4 }), fc.jsonValue({ maxDepth: 1 })),
    }, { requiredKeys: ['type'] }).map((m) => ({ text: JSON.stringify(m) })),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.oneof(fc.constantFrom('ping', 'Ping', '', 'metrics'), fc.jsonValue({ maxDepth: 1 })) }, { requiredKeys: [] }).map((m) => ({ text: JSON.stringify(m) })) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => ({ text: JSON.stringify(v) ?? '' })) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }).map((text) => ({ text })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 60 }).map((b) => ({ binary: Buffer.from(b) })) },
);

/** The reply types protocol.md promises for a frame; 'chunk' allows [error], [metrics] or [processed_audio, metrics]. */
function expected(f: Frame): 'chunk' | string[][] {
  if ('binary' in f) return [['error']];
  let m: unknown;
  try {
    m = JSON.parse(f.text);
  } catch {
    return [['error']];
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return [['error']];
  const type = (m as { type?: unknown }).type;
  if (type === undefined) return [['error']];
  if (type === 'audio_chunk') return 'chunk';
  if (type === 'update_stage') return [['config_updated'], ['error']];
  if (type === 'ping') return [['pong']];
  return [[]];
}

function allowed(f: Frame, types: string[]): boolean {
  const e = expected(f);
  const options = e === 'chunk' ? [['error'], ['metrics'], ['processed_audio', 'metrics']] : e;
  return options.some((o) => o.length === types.length && o.every((t, i) => t === types[i]));
}

/** Upgrade by hand, then write `bytes` as they are: resolves once the server closed or 3 s passed. */
function rawSocket(port: number, sessionId: string, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let upgraded = false;
    const timer = setTimeout(() => socket.destroy(), 3000);
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.on('data', (c: Buffer) => {
      if (upgraded || !c.toString('latin1').startsWith('HTTP/1.1 101')) return;
      upgraded = true;
      socket.end(bytes);
    });
    socket.write(`GET /api/pipeline/realtime/${sessionId} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
  });
}

/** WebSocket frame headers: FIN/opcode byte, mask bit and length (7-bit, 16-bit or 64-bit forms). */
const wireFrame = fc.tuple(fc.nat(255), fc.boolean(), fc.constantFrom(0, 5, 125, 126, 127), fc.uint8Array({ maxLength: 40 }))
  .map(([b0, masked, len, rest]) => Buffer.concat([Buffer.from([b0, (masked ? 0x80 : 0) | len]), Buffer.from(rest)]));

describe('reference server WebSocket frame fuzzing', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ maxSessions: 100_000 });
  });
  after(() => server.close());

  test('every frame gets exactly its promised replies, in order, and the socket stays open', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 12 }), async (frames) => {
        const id = await createSession(server.url);
        const ws = await TestSocket.session(server.url, id);
        try {
          let counter = 0;
          for (const f of frames) {
            ws.send('binary' in f ? f.binary : f.text);
            ws.send({ type: 'ping' });
            const types: string[] = [];
            // A ping frame answers pong itself: the sentinel is the last pong of the pair.
            const pongs = expected(f) !== 'chunk' && (expected(f) as string[][])[0][0] === 'pong' ? 2 : 1;
            let seen = 0;
            for (;;) {
              const reply = await ws.next();
              if (reply.type === 'pong' && ++seen === pongs) break;
              types.push(reply.type);
              if (reply.type === 'error') assert.equal(typeof reply.error, 'string');
              if (reply.type === 'metrics') assert.equal(reply.metrics.chunks_processed, ++counter, 'chunks_processed rises by one');
            }
            assert.ok(allowed(f, types), `frame ${JSON.stringify('binary' in f ? f.binary.toString('hex') : f.text).slice(0, 200)} got [${types.join(', ')}]`);
          }
          assert.equal(ws.closeInfo, undefined, 'the socket stays open');
        } finally {
          await ws.close();
          await http('DELETE', `${server.url}/api/pipeline/realtime/${id}`);
        }
      }),
      { numRuns: 120, interruptAfterTimeLimit: 20_000 },
    );
    assert.equal(server.sessionCount(), 0);
  });

  test('garbage at the WebSocket framing layer closes that socket only; the server lives on', async () => {
    const id = await createSession(server.url);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(wireFrame, fc.uint8Array({ maxLength: 30 }).map((b) => Buffer.from(b))), { minLength: 1, maxLength: 4 }), async (parts) => {
        await rawSocket(server.port, id, Buffer.concat(parts));
      }),
      { numRuns: 150, interruptAfterTimeLimit: 15_000 },
    );
    const ws = await TestSocket.session(server.url, id);
    ws.send({ type: 'ping' });
    assert.deepEqual(await ws.next(), { type: 'pong' });
    await ws.close();
    assert.equal((await http('DELETE', `${server.url}/api/pipeline/realtime/${id}`)).status, 200);
  });
});
