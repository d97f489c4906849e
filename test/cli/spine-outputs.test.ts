/**
 * Report paths and exit codes through the one runner (in-process `main(argv, io)`): paths are
 * checked before anything starts, each file is written once, and the exit code in the JSON and
 * the table is the one the process returns, also when a file cannot be written after the run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from '../helpers/io.js';
import { startFakeServer } from '../helpers/fake-server.js';

const quick = ['--sessions', '1', '--duration', '300ms', '--chunk-timeout', '500ms', '--max-lag', '1s'];

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'pb-spine-'));
}

test('a report path that is an existing directory is bad input: exit 2 before anything connects', async () => {
  const server = await startFakeServer();
  const dir = tmp();
  try {
    for (const flag of ['--json', '--junit', '--html', '--summary-md', '--timeline']) {
      const r = await runMain(['sustained', '--target', server.url, ...quick, flag, dir]);
      assert.equal(r.code, 2, `${flag}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`${flag} .*is a directory`));
      assert.equal(r.stdout, '');
    }
    assert.equal(server.created.size, 0, 'nothing started');
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every bad report path at once, with the flag problems, and a missing directory', async () => {
  const dir = tmp();
  try {
    const r = await runMain(['sustained', '--sessions', 'x', '--json', join(dir, 'no/such/r.json'), '--junit', dir, '--interval', '2s']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /4 problems/);
    for (const needle of [/--sessions/, /--json .*does not exist/, /--junit .*is a directory/, /--interval applies to --timeline/]) assert.match(r.stderr, needle);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a report file that fails after the run: named once on stderr; exit 2 in the process, the JSON and the table', async () => {
  const server = await startFakeServer();
  const dir = tmp();
  try {
    const json = join(dir, 'r.json');
    const md = join(dir, 'r.md');
    const r = await runMain(['sustained', '--target', server.url, ...quick, '--json', json, '--summary-md', md, '--junit', '/dev/full']);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.split('/dev/full').length - 1, 1, `named once: ${r.stderr}`);
    assert.match(r.stderr, /--junit \/dev\/full: cannot write it \(ENOSPC/);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    assert.equal(doc.exit_code, 2);
    assert.equal(doc.verdict, 'pass');
    assert.match(readFileSync(md, 'utf8'), /exit 2|2\b/);
    assert.match(r.stdout, /\(exit 2\)/);
    assert.doesNotMatch(r.stdout, /\(exit 0\)/);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failed threshold keeps exit 1 when a report file also fails', async () => {
  const server = await startFakeServer();
  try {
    const r = await runMain(['sustained', '--target', server.url, ...quick, '--threshold', 'chunk_rtt_ms: p(95) < 0', '--json', '-', '--junit', '/dev/full', '-q']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(JSON.parse(r.stdout).exit_code, 1);
  } finally {
    await server.close();
  }
});

test('flags from PIPEBENCH_* variables: flag > environment > profile; problems name the variable', async () => {
  const server = await startFakeServer();
  try {
    const env = { PIPEBENCH_TARGET: server.url, PIPEBENCH_SESSIONS: '2', PIPEBENCH_DURATION: '300ms', PIPEBENCH_MAX_LAG: '1s', PIPEBENCH_QUIET: '1' };
    const a = await runMain(['sustained', '--json', '-'], { env });
    assert.equal(a.code, 0, a.stderr);
    const doc = JSON.parse(a.stdout);
    assert.equal(doc.target.url, server.url);
    assert.equal(doc.scenario.sessions, 2);
    const b = await runMain(['sustained', '--sessions', '1', '--json', '-'], { env });
    assert.equal(JSON.parse(b.stdout).scenario.sessions, 1, 'the flag wins');
    const c = await runMain(['sustained'], { env: { ...env, PIPEBENCH_SESSIONS: 'ten', PIPEBENCH_DEFLATE: 'maybe' } });
    assert.equal(c.code, 2);
    assert.match(c.stderr, /PIPEBENCH_SESSIONS \(--sessions\): "ten"/);
    assert.match(c.stderr, /PIPEBENCH_DEFLATE: "maybe" is not a switch value/);
  } finally {
    await server.close();
  }
});

test('--header-file: headers reach the server, their values are never printed or saved', async () => {
  const server = await startFakeServer();
  const dir = tmp();
  try {
    const file = join(dir, 'headers.txt');
    writeFileSync(file, '# auth for staging\nAuthorization: Bearer s3cret-token\n\nX-Team: audio\n');
    const json = join(dir, 'r.json');
    const r = await runMain(['sustained', '--target', server.url, ...quick, '--header-file', file, '--json', json]);
    assert.equal(r.code, 0, r.stderr);
    const text = readFileSync(json, 'utf8');
    assert.deepEqual(JSON.parse(text).scenario.header_names, ['Authorization', 'X-Team']);
    for (const s of [text, r.stdout, r.stderr]) assert.doesNotMatch(s, /s3cret/);
    const bad = await runMain(['sustained', '--header-file', join(dir, 'missing.txt')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--header-file .*cannot read it \(ENOENT\)/);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
