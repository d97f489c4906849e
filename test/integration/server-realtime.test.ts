/** Reference server, WebSocket protocol: chunks, counters, reconnects, updates, malformed frames. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { TestSocket, createSession, http, sine, toBase64 } from '../helpers/server-client.js';

const CHUNK = toBase64(sine(440, 0.1, 0.3));

describe('server realtime', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ maxFrameBytes: 64 * 1024 });
  });
  after(() => server.close());

  async function session(): Promise<{ id: string; ws: TestSocket }> {
    const id = await createSession(server.url);
    return { id, ws: await TestSocket.session(server.url, id) };
  }

  test('a chunk gets processed_audio of the same length, then metrics with the counter at 1', async () => {
    const { ws } = await session();
    ws.send({ type: 'audio_chunk', data: CHUNK, timestamp: Date.now() });
    const audio = await ws.next();
    assert.equal(audio.type, 'processed_audio');
    assert.equal(audio.audio.length, CHUNK.length);
    assert.equal(Buffer.from(audio.audio, 'base64').length, 3200);
    const metrics = await ws.next();
    assert.equal(metrics.type, 'metrics');
    const m = metrics.metrics;
    assert.equal(m.chunks_processed, 1);
    assert.equal(typeof m.total_latency, 'number');
    assert.ok(m.total_latency >= 0 && m.total_latency < 1000);
    assert.equal(m.average_latency, m.total_latency);
    assert.equal(typeof m.quality_metrics.snr, 'number');
    assert.ok(m.quality_metrics.rms < 0 && m.quality_metrics.rms > -96, `rms ${m.quality_metrics.rms}`);
    assert.equal(typeof m.cpu_usage, 'number');
    assert.equal(typeof m.stage_latencies, 'object');
    await ws.close();
  });

  test('ten chunks sent back to back: replies in order, counter rises by one each', async () => {
    const { ws } = await session();
    for (let i = 0; i < 10; i++) ws.send({ type: 'audio_chunk', data: CHUNK, timestamp: i });
    for (let i = 1; i <= 10; i++) {
      assert.equal((await ws.next()).type, 'processed_audio');
      const m = await ws.next();
      assert.equal(m.type, 'metrics');
      assert.equal(m.metrics.chunks_processed, i);
    }
    await ws.close();
  });

  test('the counter survives a reconnect, and the list shows the session connected', async () => {
    const { id, ws } = await session();
    for (let i = 0; i < 3; i++) ws.send({ type: 'audio_chunk', data: CHUNK });
    for (let i = 0; i < 6; i++) await ws.next();
    const listed = await http('GET', `${server.url}/api/pipeline/realtime/sessions`);
    assert.equal(listed.json.active_sessions.find((s: { session_id: string }) => s.session_id === id).connected, true);
    await ws.close();
    const again = await TestSocket.session(server.url, id);
    again.send({ type: 'audio_chunk', data: CHUNK });
    await again.next();
    assert.equal((await again.next()).metrics.chunks_processed, 4);
    await again.close();
  });

  test('an empty chunk gets metrics only and still counts', async () => {
    const { ws } = await session();
    ws.send({ type: 'audio_chunk', data: '' });
    const m = await ws.next();
    assert.equal(m.type, 'metrics');
    assert.equal(m.metrics.chunks_processed, 1);
    assert.equal(m.metrics.quality_metrics.rms, -96);
    await ws.close();
  });

  test('ping → pong; unknown types get no reply', async () => {
    const { ws } = await session();
    ws.send({ type: 'subscribe' });
    ws.send({ type: 'ping' });
    assert.deepEqual(await ws.next(), { type: 'pong' });
    assert.equal(ws.pending, 0);
    await ws.close();
  });

  test('update_stage: known stage → config_updated, unknown → error', async () => {
    const { ws } = await session();
    ws.send({ type: 'update_stage', stage_id: 'noise_reduction', parameters: { strength: 0.8 } });
    assert.deepEqual(await ws.next(), { type: 'config_updated', stage_id: 'noise_reduction', success: true });
    ws.send({ type: 'update_stage', stage_id: 'eq', parameters: {} });
    assert.deepEqual(await ws.next(), { type: 'error', error: 'Stage eq not found' });
    await ws.close();
  });

  test('the DSP is applied for real, and update_stage changes it live', async () => {
    const id = await createSession(server.url, { stages: { equalizer: { gain_out: 6 } } });
    const ws = await TestSocket.session(server.url, id);
    const quiet = toBase64(sine(440, 0.1, 0.1)); // -23.01 dBFS RMS
    const rmsOfNextChunk = async () => {
      ws.send({ type: 'audio_chunk', data: quiet });
      await ws.next();
      return (await ws.next()).metrics.quality_metrics.rms as number;
    };
    assert.ok(Math.abs((await rmsOfNextChunk()) - -17.01) < 0.1);
    ws.send({ type: 'update_stage', stage_id: 'equalizer', parameters: { gain_out: 0 } });
    assert.equal((await ws.next()).type, 'config_updated');
    assert.ok(Math.abs((await rmsOfNextChunk()) - -23.01) < 0.1);
    ws.send({ type: 'update_stage', stage_id: 'equalizer', parameters: { low_shelf: 'loud' } });
    const err = await ws.next();
    assert.equal(err.type, 'error');
    assert.match(err.error, /^Config update failed: .*low_shelf/);
    await ws.close();
  });

  const malformed: Array<[string, unknown, RegExp]> = [
    ['invalid base64', { type: 'audio_chunk', data: '@@@@' }, /^Chunk processing failed: Invalid base64-encoded string/],
    ['odd byte count', { type: 'audio_chunk', data: Buffer.from([1, 2, 3]).toString('base64') }, /multiple of element size/],
    ['chunk without data', { type: 'audio_chunk' }, /'data'/],
    ['non-JSON text', 'hello', /^Invalid JSON/],
    ['JSON that is not an object', '[1,2]', /JSON object/],
    ['JSON without type', { data: CHUNK }, /'type'/],
    ['binary frame', Buffer.from([1, 2, 3, 4]), /Binary frames/],
    ['update_stage without parameters', { type: 'update_stage', stage_id: 'vad' }, /parameters/],
  ];
  for (const [name, frame, message] of malformed) {
    test(`${name} → error, counter unchanged, socket still answers`, async () => {
      const { ws } = await session();
      ws.send(frame);
      const err = await ws.next();
      assert.equal(err.type, 'error');
      assert.match(err.error, message);
      ws.send({ type: 'ping' });
      assert.deepEqual(await ws.next(), { type: 'pong' });
      ws.send({ type: 'audio_chunk', data: CHUNK });
      await ws.next();
      assert.equal((await ws.next()).metrics.chunks_processed, 1);
      await ws.close();
    });
  }

  test('unknown session: error "Session not found", then close 1000', async () => {
    const ws = await TestSocket.session(server.url, '00000000-0000-4000-8000-000000000000');
    assert.deepEqual(await ws.next(), { type: 'error', error: 'Session not found' });
    assert.equal((await ws.closed()).code, 1000);
  });

  test('an upgrade on another path is refused', async () => {
    await assert.rejects(TestSocket.open(server.url, '/api/elsewhere'), /404/);
  });

  test('DELETE closes the session socket', async () => {
    const { id, ws } = await session();
    assert.equal((await http('DELETE', `${server.url}/api/pipeline/realtime/${id}`)).status, 200);
    assert.equal((await ws.closed()).code, 1000);
  });

  test('a second connection replaces the first (close 4000)', async () => {
    const { id, ws } = await session();
    const second = await TestSocket.session(server.url, id);
    assert.equal((await ws.closed()).code, 4000);
    second.send({ type: 'ping' });
    assert.deepEqual(await second.next(), { type: 'pong' });
    await second.close();
  });

  test('a frame over --max-frame-bytes closes the socket with 1009', async () => {
    const { ws } = await session();
    ws.send({ type: 'audio_chunk', data: 'A'.repeat(70 * 1024) });
    assert.equal((await ws.closed()).code, 1009);
  });

  test('permessage-deflate is negotiated when the client offers it', async () => {
    const id = await createSession(server.url);
    const ws = await TestSocket.open(server.url, `/api/pipeline/realtime/${id}`, { perMessageDeflate: true });
    assert.match(ws.ws.extensions, /permessage-deflate/);
    ws.send({ type: 'audio_chunk', data: CHUNK });
    assert.equal((await ws.next()).audio.length, CHUNK.length);
    assert.equal((await ws.next()).metrics.chunks_processed, 1);
    await ws.close();
  });
});
