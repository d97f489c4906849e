/** The load generator's HTTP client (load/api.ts) against misbehaving servers. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Api } from '../../src/load/api.js';
import { sustained } from '../../src/index.js';
import type { LoadSink } from '../../src/load/sink.js';
import { runSustained } from '../../src/measure/run.js';
import { testPlan } from '../helpers/plan.js';
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

test('Ctrl-C during --ramp-up returns at once, every session created is deleted', async () => {
  const server = await startFaultServer({});
  try {
    const ac = new AbortController();
    const run = sustained({ target: server.url, sessions: 4, duration: '30s', rampUp: '20s', maxLag: '1s', profile: 'smoke' }, { signal: ac.signal });
    const deadline = Date.now() + 10_000;
    while (server.chunks < 2) {
      assert.ok(Date.now() < deadline, 'the first session never streamed');
      await new Promise((r) => setTimeout(r, 10));
    }
    const t = performance.now();
    ac.abort();
    const r = await run;
    const ms = performance.now() - t;
    assert.equal(r.exit_code, 130);
    assert.ok(ms < 3000, `returned ${ms.toFixed(0)} ms after the interrupt (the ramp has ~15 s left)`);
    assert.ok(server.created.size >= 1 && server.created.size < 4, `created ${server.created.size}`);
    assert.deepEqual([...server.deleted].sort(), [...server.created].sort());
  } finally {
    await server.close();
  }
});

test('a socket dropped again and again: each drop is told on its own, the text never nests or grows', async () => {
  const server = await startFaultServer({ dropAfterMs: 50 });
  try {
    const reasons: string[] = [];
    const sink = new Proxy({} as LoadSink, {
      get: (_t, name) => {
        if (name === 'socketClosed') return (dropped: boolean, reason: string) => dropped && reasons.push(reason);
        if (name === 'chunkUnsent') return (_s: number, _q: number, _d: number, reason: string) => reasons.push(reason);
        return () => {};
      },
    });
    await runSustained(testPlan(server.url, { sessions: 1, durationMs: 3000, connectTimeoutMs: 1000 }), { sinks: [sink] });
    assert.ok(server.upgrades >= 4, `${server.upgrades} sockets`);
    assert.ok(reasons.length >= 8, reasons.join('\n'));
    for (const r of reasons) {
      assert.ok(r.length < 200, `${r.length} characters: ${r}`);
      assert.ok((r.match(/close \d{4}/g) ?? []).length <= 1, `nested: ${r}`);
    }
  } finally {
    await server.close();
  }
});
