/** Reference server, HTTP session lifecycle: create, list, delete, validation, cap, idle timeout. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { PIPELINE, TestSocket, createSession, http } from '../helpers/server-client.js';

describe('server sessions', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ port: 0 });
  });
  after(() => server.close());

  test('create, list, delete, then 404', async () => {
    const created = await http('POST', `${server.url}/api/pipeline/realtime/start`, {
      pipeline_config: PIPELINE,
      session_config: { chunk_size: 1024, sample_rate: 16000, channels: 1, buffer_size: 4096, latency_target: 100 },
    });
    assert.equal(created.status, 200, created.text);
    const id = created.json.session_id as string;
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(created.json, {
      session_id: id,
      pipeline_id: 'pipebench-test',
      status: 'running',
      metrics: { chunks_processed: 0, average_latency: 0, quality_score: 0 },
    });

    const list = await http('GET', `${server.url}/api/pipeline/realtime/sessions`);
    const mine = list.json.active_sessions.find((s: { session_id: string }) => s.session_id === id);
    assert.deepEqual(mine, { session_id: id, pipeline_id: 'pipebench-test', status: 'running', metrics: created.json.metrics, connected: false });

    const del = await http('DELETE', `${server.url}/api/pipeline/realtime/${id}`);
    assert.equal(del.status, 200);
    assert.deepEqual(del.json, { success: true, message: `Session ${id} stopped` });
    const again = await http('DELETE', `${server.url}/api/pipeline/realtime/${id}`);
    assert.equal(again.status, 404);
    assert.deepEqual(again.json, { detail: 'Session not found' });
  });

  test('minimal config: stages only, every stage field optional', async () => {
    const id = await createSession(server.url, { stages: { vad: {} } });
    assert.equal((await http('DELETE', `${server.url}/api/pipeline/realtime/${id}`)).status, 200);
  });

  const malformed: Array<[string, unknown, RegExp]> = [
    ['missing pipeline_config', {}, /^pipeline_config: is required/],
    ['pipeline_config not an object', { pipeline_config: 'x' }, /^pipeline_config: must be a JSON object/],
    ['stages missing', { pipeline_config: { name: 'x' } }, /^pipeline_config\.stages: /],
    ['stage not an object', { pipeline_config: { stages: { vad: 3 } } }, /^pipeline_config\.stages\.vad: /],
    ['enabled not boolean', { pipeline_config: { stages: { vad: { enabled: 'yes' } } } }, /^pipeline_config\.stages\.vad\.enabled: /],
    ['gain out of range', { pipeline_config: { stages: { vad: { gain_in: 40 } } } }, /^pipeline_config\.stages\.vad\.gain_in: /],
    ['parameters not an object', { pipeline_config: { stages: { vad: { parameters: [] } } } }, /^pipeline_config\.stages\.vad\.parameters: /],
    ['connections not an array', { pipeline_config: { stages: {}, connections: {} } }, /^pipeline_config\.connections: /],
    [
      'connection to unknown stage',
      { pipeline_config: { stages: { vad: {} }, connections: [{ source_stage_id: 'vad', target_stage_id: 'eq' }] } },
      /^pipeline_config\.connections\[0\]\.target_stage_id: /,
    ],
    ['session_config stereo', { pipeline_config: { stages: {} }, session_config: { channels: 2 } }, /^session_config\.channels: /],
  ];
  for (const [name, body, detail] of malformed) {
    test(`422 naming the field: ${name}`, async () => {
      const r = await http('POST', `${server.url}/api/pipeline/realtime/start`, body);
      assert.equal(r.status, 422, r.text);
      assert.match(r.json.detail, detail);
    });
  }

  test('bad JSON is 400, unknown route 404, wrong method 405, unsupported content-type 415', async () => {
    const bad = await http('POST', `${server.url}/api/pipeline/realtime/start`, '{"pipeline_config":', { 'content-type': 'application/json' });
    assert.equal(bad.status, 400);
    assert.match(bad.json.detail, /^Invalid JSON body/);
    assert.equal((await http('GET', `${server.url}/api/nope`)).status, 404);
    assert.equal((await http('GET', `${server.url}/api/pipeline/realtime/start`)).status, 405);
    const xml = await http('POST', `${server.url}/api/pipeline/realtime/start`, '<x/>', { 'content-type': 'application/xml' });
    assert.equal(xml.status, 415);
  });

  test('health', async () => {
    const r = await http('GET', `${server.url}/api/health`);
    assert.equal(r.status, 200);
    assert.equal(r.json.status, 'healthy');
    assert.equal(typeof r.json.version, 'string');
    assert.equal(typeof r.json.uptime, 'number');
    assert.ok(r.json.services);
  });
});

describe('server limits', () => {
  test('session cap answers 503 until a session is deleted', async () => {
    const server = await startServer({ maxSessions: 2 });
    try {
      const a = await createSession(server.url);
      await createSession(server.url);
      const full = await http('POST', `${server.url}/api/pipeline/realtime/start`, { pipeline_config: PIPELINE });
      assert.equal(full.status, 503);
      assert.match(full.json.detail, /limit/);
      await http('DELETE', `${server.url}/api/pipeline/realtime/${a}`);
      await createSession(server.url);
      assert.equal(server.sessionCount(), 2);
    } finally {
      await server.close();
    }
  });

  test('idle timeout removes an unconnected session and a silent connected one', async () => {
    const server = await startServer({ idleTimeoutMs: 150 });
    try {
      const idle = await createSession(server.url);
      const connected = await createSession(server.url);
      const ws = await TestSocket.session(server.url, connected);
      const closed = await ws.closed(2000);
      assert.equal(closed.code, 1001);
      assert.equal(server.sessionCount(), 0);
      assert.equal((await http('DELETE', `${server.url}/api/pipeline/realtime/${idle}`)).status, 404);
    } finally {
      await server.close();
    }
  });

  test('activity keeps a session alive past the idle timeout', async () => {
    // Generous margins: a loaded CI machine may delay timers by tens of milliseconds.
    const server = await startServer({ idleTimeoutMs: 500 });
    try {
      const id = await createSession(server.url);
      const ws = await TestSocket.session(server.url, id);
      for (let i = 0; i < 8; i++) {
        await new Promise((r) => setTimeout(r, 100));
        ws.send({ type: 'ping' });
        assert.deepEqual(await ws.next(), { type: 'pong' });
      }
      assert.equal(server.sessionCount(), 1);
      await ws.close();
    } finally {
      await server.close();
    }
  });

  test('request body limit answers 413', async () => {
    const server = await startServer({ maxBodyBytes: 2048 });
    try {
      const r = await http('POST', `${server.url}/api/pipeline/realtime/start`, { pipeline_config: PIPELINE, pad: 'x'.repeat(4096) });
      assert.equal(r.status, 413);
      assert.match(r.json.detail, /max-body-bytes/);
    } finally {
      await server.close();
    }
  });

  test('fail-create-rate 1 answers 500 with the original wording', async () => {
    const server = await startServer({ failCreateRate: 1 });
    try {
      const r = await http('POST', `${server.url}/api/pipeline/realtime/start`, { pipeline_config: PIPELINE });
      assert.equal(r.status, 500);
      assert.deepEqual(r.json, { detail: 'Failed to start session: injected fault' });
      assert.equal(server.sessionCount(), 0);
    } finally {
      await server.close();
    }
  });

  test('invalid options are all reported at once', async () => {
    await assert.rejects(startServer({ errorRate: 2, maxSessions: 0, stallEveryMs: 100 }), (err: Error) => {
      assert.match(err.message, /--error-rate/);
      assert.match(err.message, /--max-sessions/);
      assert.match(err.message, /--stall-every and --stall-for/);
      return true;
    });
  });
});
