/** `check()` against real servers: the reference server, the original's bugs, silence, absence. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../src/server/index.js';
import { check } from '../../src/commands/check/run.js';
import { CHECK_NAMES } from '../../src/check/catalogue.js';
import type { CheckRow } from '../../src/check/types.js';
import { startBuggyServer } from '../helpers/buggy-server.js';
import { abortWhen } from '../helpers/wait.js';
import { startFakeServer } from '../helpers/fake-server.js';

const byName = (rows: CheckRow[], name: string): CheckRow => rows.find((r) => r.name === name)!;

test('reference server: every check passes and no session is left behind', async () => {
  const server = await startServer({ port: 0, host: '127.0.0.1' });
  try {
    const r = await check({ target: server.url });
    const failed = r.checks.filter((c) => c.result !== 'pass');
    assert.deepEqual(failed, [], JSON.stringify(failed, null, 2));
    assert.deepEqual(r.checks.map((c) => c.name), [...CHECK_NAMES]);
    assert.equal(r.verdict, 'pass');
    assert.equal(r.exit_code, 0);
    assert.equal(r.command, 'check');
    assert.equal(server.sessionCount(), 0);
    assert.ok(r.counts.chunks_acked >= 30, 'the chunks the checks sent are counted');
  } finally {
    await server.close();
  }
});

test('original server bugs: the known failures fail with plain expected/got, the rest pass, sessions deleted', async () => {
  const server = await startBuggyServer();
  try {
    const r = await check({ target: server.url });
    const failed = r.checks.filter((c) => c.result === 'fail').map((c) => c.name);
    assert.deepEqual(failed.sort(), ['batch', 'fft', 'lufs', 'non-json-frame', 'update-stage']);
    assert.equal(r.checks.filter((c) => c.result === 'pass').length, CHECK_NAMES.length - 5);
    const update = byName(r.checks, 'update-stage');
    assert.match(update.expected!, /config_updated/);
    assert.match(update.got!, /^error "Config update failed/);
    assert.match(byName(r.checks, 'non-json-frame').got!, /dropped without a close frame \(1006\)/);
    assert.match(byName(r.checks, 'batch').got!, /"success": false/);
    assert.match(byName(r.checks, 'fft').expected!, /1 kHz sine → peak_frequency 1000/);
    assert.match(byName(r.checks, 'lufs').expected!, /-3\.01 ± 0\.1 LUFS/);
    assert.equal(r.verdict, 'fail');
    assert.equal(r.exit_code, 1);
    assert.ok(server.created.size > 0);
    assert.deepEqual([...server.created].filter((id) => !server.deleted.has(id)), [], 'every created session deleted');
  } finally {
    await server.close();
  }
});

test('a silent server: each wait is bounded, a check over its own timeout fails, sessions deleted', async () => {
  const server = await startFakeServer({ silent: true });
  try {
    const t = Date.now();
    const r = await check({ target: server.url, only: ['chunk', 'odd-length'], replyTimeoutMs: 300 });
    assert.ok(Date.now() - t < 5000);
    assert.equal(byName(r.checks, 'chunk').got, 'no reply within 300 ms');
    assert.equal(byName(r.checks, 'odd-length').expected, 'error for a 3-byte payload');
    assert.equal(byName(r.checks, 'health').result, 'skip');
    const slow = await check({ target: server.url, only: ['ten-chunks'], replyTimeoutMs: 5000, checkTimeoutMs: 300 });
    assert.equal(byName(slow.checks, 'ten-chunks').expected, 'the check to finish within 300 ms');
    assert.equal(server.created.size, 3);
    assert.equal(server.deleted.size, 3);
  } finally {
    await server.close();
  }
});

test('unreachable target: verdict unusable, exit 3, every check skipped with the reason', async () => {
  const r = await check({ target: 'http://127.0.0.1:9' });
  assert.equal(r.verdict, 'unusable');
  assert.equal(r.exit_code, 3);
  assert.ok(r.checks.every((c) => c.result === 'skip' && /unreachable/.test(c.got!)));
});

test('abort mid-run: interrupted, remaining checks skipped, sessions deleted; bad names throw', async () => {
  const server = await startFakeServer({ delayMs: 100 });
  try {
    const ac = new AbortController();
    const interrupt = abortWhen(ac, () => server.created.size >= 2, 'two checks creating sessions');
    const r = await check({ target: server.url, skip: ['health'] }, { signal: ac.signal });
    await interrupt;
    assert.equal(r.verdict, 'interrupted');
    assert.equal(r.exit_code, 130);
    assert.equal(r.checks.at(-1)!.got, 'interrupted');
    assert.equal(server.deleted.size, server.created.size);
    await assert.rejects(check({ target: server.url, only: ['nope'] }), /unknown check "nope"/);
  } finally {
    await server.close();
  }
});
