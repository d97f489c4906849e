/**
 * Every command in-process (`main(argv, io)`) against the reference server on port 0: the
 * normalised table and the exit code, as snapshots. A change of shape shows as a diff here.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { runMain } from '../helpers/io.js';
import { matchSnapshot, normalise } from '../helpers/snapshot.js';

let server: RunningServer;
let dir: string;
before(async () => {
  server = await startServer({ host: '127.0.0.1', port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'pb-snap-'));
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

// The verdict must not depend on how busy the machine is: loose bounds where timing is not the subject.
const loose = ['--max-lag', '10s'];

async function snap(name: string, argv: string[], code: number): Promise<string> {
  const r = await runMain(argv, { cwd: dir });
  const shown = `$ pipebench ${argv.map((a) => a.replace(server.url, 'URL').replace(dir, 'DIR')).join(' ')}\nexit ${r.code}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
  assert.equal(r.code, code, shown);
  matchSnapshot(name, normalise(shown, [[dir, 'DIR']]));
  return r.stdout;
}

test('sustained: table and exit 0', async () => {
  await snap('sustained-pass', ['sustained', '-t', server.url, '-s', '2', '-d', '500ms', ...loose, '--json', 'sustained.json', '--signal', 'sine'], 0);
});

test('sustained: a failed threshold, exit 1', async () => {
  await snap('sustained-fail', ['sustained', '-t', server.url, '-s', '1', '-d', '300ms', ...loose, '-p', 'smoke', '--threshold', 'chunk_rtt_ms: max < 0.001'], 1);
});

test('sustained: nothing reachable is a short message, exit 3', async () => {
  const out = await snap('sustained-unusable', ['sustained', '-t', 'http://127.0.0.1:9', '-s', '2', '-d', '300ms'], 3);
  assert.doesNotMatch(out, /metric \(ms\)|thresholds|0\.00/);
});

test('latency: table and exit 0', async () => {
  await snap('latency-pass', ['latency', '-t', server.url, '-n', '3', ...loose, '--threshold', 'chunk_rtt_ms: p(99) < 5s'], 0);
});

test('check: one row per check, exit 0', async () => {
  await snap('check-pass', ['check', '-t', server.url, '--only', 'health,session-create,ping,chunk'], 0);
});

test('batch: table and exit 0', async () => {
  await snap('batch-pass', ['batch', '-t', server.url, '--endpoint', 'fft', '-n', '4', '-c', '2', ...loose, '--threshold', 'http_req_ms: p(95) < 10s'], 0);
});

test('capacity: one row per level and the answer, exit 0', async () => {
  await snap('capacity-pass', ['capacity', '-t', server.url, '--start', '1', '--step', '1', '--max', '2', '--step-duration', '300ms', '--settle', '0s',
    ...loose, '-p', 'smoke', '--json', 'capacity.json'], 0);
});

test('report, merge and compare on the saved results', async () => {
  await snap('report', ['report', 'sustained.json', '--gate'], 0);
  await snap('merge', ['merge', 'sustained.json', 'sustained.json', '--json', 'merged.json'], 0);
  await snap('compare', ['compare', 'sustained.json', 'sustained.json'], 0);
});

test('bad input: every problem at once, exit 2, for every command', async () => {
  await snap('bad-input', ['sustained', '--sessions', 'x', '--json', dir, '--threshold', 'nope', '--header-file', 'missing.txt'], 2);
  for (const argv of [
    ['latency', '--chunks', '0'], ['check', '--only', 'pong'], ['batch', '--endpoint', 'nope'], ['capacity', '--max', '0'],
    ['merge', 'missing.json'], ['report', 'missing.json'], ['compare', 'a.json', 'b.json'], ['serve', '--port', 'x'],
  ]) {
    const r = await runMain(argv, { cwd: dir });
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^pipebench: (error|\d+ problems):\n {2}- /);
    assert.equal(r.stdout, '');
  }
});

test('--help: grouped options, examples, environment, exit codes; root --help lists every command', async () => {
  // Not a snapshot: other work adds options all the time; the shape is what is pinned.
  const help = await runMain(['sustained', '--help']);
  assert.equal(help.code, 0);
  const at = (s: string) => help.stdout.indexOf(s);
  const order = ['Target and connection:', 'Load:', 'Audio:', 'Thresholds and judging:', 'Output:', 'Examples:', 'Exit codes:'];
  for (const h of order) assert.ok(at(h) > 0, `${h} in:\n${help.stdout}`);
  assert.deepEqual([...order].sort((a, b) => at(a) - at(b)), order);
  assert.match(help.stdout, /PIPEBENCH_<OPTION>/);
  for (const code of [0, 1, 2, 3, 4, 130]) assert.match(help.stdout.slice(at('Exit codes:')), new RegExp(`^ +${code}  \\S`, 'm'));
  const { sustainedSpec } = await import('../../src/commands/sustained/spec.js');
  for (const f of sustainedSpec.flags.filter((x) => !x.hidden)) assert.match(help.stdout, new RegExp(`--${f.name}\\b`), f.name);
  const root = await runMain(['--help']);
  for (const c of ['sustained', 'capacity', 'latency', 'check', 'batch', 'report', 'compare', 'merge', 'serve']) assert.match(root.stdout, new RegExp(`\\n  ${c}`));
});
