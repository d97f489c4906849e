/** `pipebench serve` and the embedded launcher: flags, the listening line, shutdown, parent death. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { startEmbeddedServer } from '../../src/server/embedded.js';
import { http } from '../helpers/server-client.js';
import { until } from '../helpers/wait.js';

const BIN = fileURLToPath(new URL('../../../bin/pipebench.js', import.meta.url));

/** An Io that records output and lets the test raise signals. */
function fakeIo() {
  let out = '';
  let err = '';
  const handlers = new Map<string, Set<() => void>>();
  const io: Io = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: {},
    cwd: process.cwd(),
    onSignal(signal, handler) {
      if (!handlers.has(signal)) handlers.set(signal, new Set());
      handlers.get(signal)!.add(handler);
      return () => handlers.get(signal)!.delete(handler);
    },
    hardExit(code) {
      throw new Error(`hardExit(${code})`);
    },
  };
  return {
    io,
    out: () => out,
    err: () => err,
    raise: (signal: string) => [...(handlers.get(signal) ?? [])].forEach((h) => h()),
    listeners: () => [...handlers.values()].reduce((n, s) => n + s.size, 0),
  };
}

describe('pipebench serve (in-process main)', () => {
  test('prints the listening line first, then limits and faults; SIGTERM closes and exits 0', async () => {
    const f = fakeIo();
    const done = main(['serve', '--port', '0', '--delay-ms', '5', '--seed', '3'], f.io);
    await until(() => f.out().includes('faults:'), 5000, 'the banner');
    const [first, limits, faults] = f.out().split('\n');
    const m = /^pipebench serve listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(first);
    assert.ok(m, first);
    assert.match(limits, /^limits: max-sessions 1000, max-frame-bytes 1048576, max-body-bytes \d+, idle-timeout 5m$/);
    assert.equal(faults, 'faults: delay 5ms, seed 3');
    assert.equal((await http('GET', `${m[1]}/api/health`)).status, 200);
    f.raise('SIGTERM');
    assert.equal(await done, 0);
    assert.equal(f.listeners(), 0, 'signal handlers removed');
    await assert.rejects(http('GET', `${m[1]}/api/health`));
  });

  test('random faults without --seed draw a seed and print it, so the run can be replayed', async () => {
    const f = fakeIo();
    const done = main(['serve', '--port', '0', '--error-rate', '0.2'], f.io);
    await until(() => f.out().includes('faults:'), 5000, 'the banner');
    const faults = f.out().split('\n')[2];
    assert.match(faults, /^faults: error-rate 0\.2, seed \d+$/);
    f.raise('SIGTERM');
    assert.equal(await done, 0);
  });

  test('every bad flag is reported at once, exit 2, nothing started', async () => {
    const f = fakeIo();
    const code = await main(
      ['serve', '--port', '70000', '--error-rate', '1.5', '--idle-timeout', '30', '--max-frame-bytes', 'lots', '--stall-every', '1s', '--drop-after', '-1'],
      f.io,
    );
    assert.equal(code, 2);
    for (const flag of ['--port', '--error-rate', '--idle-timeout', '--max-frame-bytes', '--stall-every and --stall-for', '--drop-after']) {
      assert.ok(f.err().includes(`${flag}:`), `${flag} missing from:\n${f.err()}`);
    }
    assert.equal(f.out(), '');
  });
});

describe('embedded server (child process)', () => {
  test('starts, answers health, stops', async () => {
    const server = await startEmbeddedServer({ timeoutMs: 15_000 });
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await http('GET', `${server.url}/api/health`)).status, 200);
    await server.stop();
    assert.throws(() => process.kill(server.pid, 0), /ESRCH/);
    await server.stop();
  });

  test('passes extra flags; a bad one fails fast with the child stderr in the error', async () => {
    await assert.rejects(startEmbeddedServer({ extraArgs: ['--error-rate', '9'], timeoutMs: 15_000 }), (err: Error) => {
      assert.match(err.message, /exited before it was ready/);
      assert.match(err.message, /--error-rate/);
      return true;
    });
  });

  test('an aborted signal stops the start', async () => {
    const ac = new AbortController();
    const started = startEmbeddedServer({ signal: ac.signal, timeoutMs: 15_000 });
    ac.abort();
    await assert.rejects(started, /aborted/);
  });

  test('with --exit-with-parent the server exits when its stdin closes', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--exit-with-parent'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    try {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
      await until(() => out.includes('\n'), 10_000, 'the listening line');
      assert.match(out, /^pipebench serve listening on http:\/\/127\.0\.0\.1:\d+\n/);
      child.stdin.end();
      assert.equal(await exited, 0);
    } finally {
      clearTimeout(killer);
    }
  });
});
