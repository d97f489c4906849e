/**
 * The bugs of issue 9, for every command: a report path that is a directory stops it before it
 * starts; a report file that fails after the run is named once and the process, the JSON and the
 * table agree on exit 2 (never 0, never 70).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { runMain } from '../helpers/io.js';

let server: RunningServer;
let dir: string;
before(async () => {
  server = await startServer({ host: '127.0.0.1', port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'pb-cmds-'));
  const saved = await runMain(['sustained', '-t', server.url, '-s', '1', '-d', '300ms', '--max-lag', '10s', '-p', 'smoke', '--json', 'saved.json', '-q'], { cwd: dir });
  assert.equal(saved.code, 0, saved.stderr);
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const loose = ['--max-lag', '10s'];
/** Each command, run quickly and passing (judged loosely), against the reference server or the saved result. */
const COMMANDS: Record<string, () => string[]> = {
  sustained: () => ['sustained', '-t', server.url, '-s', '1', '-d', '300ms', ...loose, '-p', 'smoke'],
  latency: () => ['latency', '-t', server.url, '-n', '2', ...loose, '--threshold', 'chunk_rtt_ms: p(99) < 5s'],
  check: () => ['check', '-t', server.url, '--only', 'health'],
  batch: () => ['batch', '-t', server.url, '--endpoint', 'fft', '-n', '2', ...loose],
  capacity: () => ['capacity', '-t', server.url, '--start', '1', '--max', '1', '--step-duration', '300ms', '--settle', '0s', ...loose, '-p', 'smoke'],
  merge: () => ['merge', 'saved.json'],
  report: () => ['report', 'saved.json'],
};

test('a report path that is an existing directory: exit 2 before anything starts, for every command', async () => {
  const created = server.totals().sessionsCreated;
  for (const [name, argv] of Object.entries(COMMANDS)) {
    const flag = name === 'report' ? '--junit' : '--json';
    const r = await runMain([...argv(), flag, dir], { cwd: dir });
    assert.equal(r.code, 2, `${name}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`${flag} .*is a directory`), name);
    assert.equal(r.stdout, '', `${name}: nothing ran`);
  }
  assert.equal(server.totals().sessionsCreated, created, 'no session was created');
});

test('a report file that cannot be written after the run: named once; exit 2 in the process, the JSON and the table', async () => {
  for (const [name, argv] of Object.entries(COMMANDS)) {
    const json = name === 'report' ? [] : ['--json', `${name}.json`];
    const r = await runMain([...argv(), '--junit', '/dev/full', ...json], { cwd: dir });
    assert.equal(r.code, 2, `${name}: ${r.stderr}\n${r.stdout}`);
    assert.equal(r.stderr.split('/dev/full').length - 1, 1, `${name}: the failure is named once: ${r.stderr}`);
    assert.match(r.stderr, /--junit \/dev\/full: cannot write it \(ENOSPC/, name);
    if (json.length) {
      assert.equal(JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')).exit_code, 2, `${name}: the JSON says 2`);
      assert.match(r.stdout, /\(exit 2\)/, `${name}: the table says 2`);
    }
  }
});
