/** The exit codes and output of `pipebench check`, through the built binary. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { startBuggyServer } from '../helpers/buggy-server.js';
import { startServer } from '../../src/server/index.js';

test('exit 0 against the reference server; the table lists every check; --junit written', async () => {
  const server = await startServer({ port: 0, host: '127.0.0.1' });
  const dir = mkdtempSync(join(tmpdir(), 'pipebench-check-'));
  try {
    const r = await runCli(['check', '--target', server.url, '--junit', join(dir, 'checks.xml')]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    for (const name of ['health', 'chunk', 'update-stage', 'fft', 'lufs', 'reconnect']) assert.match(r.stdout, new RegExp(`│ ${name} +│ pass`));
    assert.match(r.stdout, /21 passed, 0 failed, 0 skipped/);
    assert.match(r.stdout, /PASS: all 21 checks passed \(exit 0\)/);
    assert.doesNotMatch(r.stdout, /\x1b\[/);
    assert.match(readFileSync(join(dir, 'checks.xml'), 'utf8'), /<testcase[^>]*name="lufs"/);
    assert.equal(server.sessionCount(), 0);
  } finally {
    await server.close();
  }
});

test('exit 1 against the original server; --json - carries each check with expected and got', async () => {
  const server = await startBuggyServer();
  try {
    const r = await runCli(['check', '--target', server.url, '--json', '-', '--quiet']);
    assert.equal(r.code, 1, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.equal(json.command, 'check');
    assert.equal(json.verdict, 'fail');
    const batch = json.checks.find((c: { name: string }) => c.name === 'batch');
    assert.equal(batch.result, 'fail');
    assert.equal(batch.expected, '"success": true');
    assert.match(batch.got, /"success": false/);
    assert.equal(json.checks.filter((c: { result: string }) => c.result === 'fail').length, 5);
    assert.equal(server.created.size, server.deleted.size);
  } finally {
    await server.close();
  }
});

test('--only/--skip: selection shown, unknown names listed with the allowed ones (exit 2)', async () => {
  const server = await startBuggyServer();
  try {
    const ok = await runCli(['check', '--target', server.url, '--only', 'ping,chunk', '--only', 'update-stage', '--skip', 'chunk']);
    assert.equal(ok.code, 1, ok.stderr);
    assert.match(ok.stdout, /│ ping +│ pass/);
    assert.match(ok.stdout, /│ update-stage +│ FAIL/);
    assert.match(ok.stdout, /not selected: health, session-create, ws-connect, chunk,/);
    assert.match(ok.stdout, /1 passed, 1 failed, 19 skipped/);
    const bad = await runCli(['check', '--target', server.url, '--only', 'pong', '--skip', 'lufs,nope', '--reply-timeout', 'soon']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /3 problems/);
    assert.match(bad.stderr, /--only: unknown check "pong" \(did you mean ping\?\); use one of health, session-create/);
    assert.match(bad.stderr, /--skip: unknown check "nope"/);
    assert.match(bad.stderr, /--reply-timeout: "soon"/);
    assert.equal(bad.stdout, '');
    assert.equal(server.created.size, 2, 'ping and update-stage ran; nothing ran for the bad invocation');
    assert.equal(server.deleted.size, 2);
  } finally {
    await server.close();
  }
});

test('--list exits 0; an unreachable target exits 3 with every check skipped', async () => {
  const list = await runCli(['check', '--list']);
  assert.equal(list.code, 0);
  assert.match(list.stdout, /^non-json-frame +a frame that is not JSON/m);
  const r = await runCli(['check', '--target', 'http://127.0.0.1:9']);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stdout, /0 passed, 0 failed, 21 skipped/);
  assert.match(r.stdout, /UNUSABLE: target unreachable/);
});
