/** The one HTTP client (src/net/http.ts) against real servers: every way a request ends is a value, never a throw. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HttpClient } from '../../src/net/http.js';
import { startFaultServer, startHalfOpenServer } from '../helpers/fault-server.js';

test('an answer of any status resolves with status, body text and time; JSON and forms are sent', async () => {
  const server = await startFaultServer({ healthStatus: 503, createStatus: 500 });
  const http = new HttpClient({ target: `${server.url}/`, headers: { 'x-token': 't' }, timeoutMs: 2000, connections: 2 });
  try {
    const health = await http.send('GET', '/api/health');
    assert.equal(health.status, 503);
    assert.ok(health.status !== null && JSON.parse(health.text).status === 'healthy' && health.ms >= 0);
    const created = await http.send('POST', '/api/pipeline/realtime/start', { json: { pipeline_config: {} } });
    assert.equal(created.status, 500);
    const form = new FormData();
    form.set('processing_mode', 'batch');
    const other = await http.send('POST', '/nowhere', { form });
    assert.equal(other.status, 404);
  } finally {
    await http.close();
    await server.close();
  }
});

test('no answer: refused, timed out or aborted by the caller, each told apart', async () => {
  const refused = new HttpClient({ target: 'http://127.0.0.1:9', timeoutMs: 2000 });
  const r = await refused.send('GET', '/api/health');
  assert.equal(r.status, null);
  if (r.status === null) assert.deepEqual([r.code, r.timedOut, r.aborted], ['ECONNREFUSED', false, false]);
  await refused.close();

  const silent = await startHalfOpenServer();
  const slow = new HttpClient({ target: silent.url, timeoutMs: 200 });
  try {
    const t = await slow.send('GET', '/api/health');
    assert.equal(t.status, null);
    if (t.status === null) {
      assert.equal(t.timedOut, true, t.code);
      assert.equal(t.aborted, false);
    }
    const ac = new AbortController();
    const pending = slow.send('GET', '/api/health', { signal: ac.signal });
    ac.abort();
    const a = await pending;
    assert.equal(a.status, null);
    if (a.status === null) assert.deepEqual([a.code, a.aborted, a.timedOut], ['aborted', true, false]);
  } finally {
    await slow.close();
    await silent.close();
  }
});
