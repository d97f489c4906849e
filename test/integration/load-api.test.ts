/** The load generator's HTTP client (load/api.ts) against misbehaving servers. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Api } from '../../src/load/api.js';
import { startFaultServer } from '../helpers/fault-server.js';

test('a create that times out is "create failed: timeout", not a DOMException code', async () => {
  const server = await startFaultServer({ createDelayMs: 1500 });
  const api = new Api({ target: server.url, headers: {}, timeoutMs: 300 });
  try {
    const r = await api.createSession({});
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.kind, 'create failed: timeout');
    assert.equal(r.message, 'no answer within 300 ms');
    assert.equal(r.unreachable, false);
  } finally {
    await api.close();
    await server.close();
  }
});
