/**
 * Ctrl-C on a terminal: the spinner erases its line before the interruption message, so no stale
 * progress line stays on screen above it. A terminal-like stderr records the cursor commands.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { startFakeServer } from '../helpers/fake-server.js';
import { memoryIo } from '../helpers/io.js';

/** The in-memory Io, with a stderr that says it is a terminal and writes `<CLR>` where the line is erased. */
function terminalIo() {
  let err = '';
  const m = memoryIo();
  const stderr = {
    isTTY: true,
    columns: 100,
    write: (s: string) => (err += s),
    cursorTo: () => true,
    moveCursor: () => true,
    clearLine: () => {
      err += '<CLR>';
      return true;
    },
  };
  return { io: { ...m.io, stderr: stderr as unknown as Io['stderr'] }, err: () => err, raise: m.signal };
}

test('Ctrl-C on a terminal: the spinner line is erased before the interruption message', async (t) => {
  // The spinner animates only where a terminal is interactive: not under CI=…, not with TERM=dumb.
  const saved = { CI: process.env.CI, TERM: process.env.TERM };
  delete process.env.CI;
  process.env.TERM = 'xterm';
  t.after(() => {
    if (saved.CI === undefined) delete process.env.CI;
    else process.env.CI = saved.CI;
    if (saved.TERM === undefined) delete process.env.TERM;
    else process.env.TERM = saved.TERM;
  });
  const server = await startFakeServer();
  try {
    const term = terminalIo();
    const done = main(['sustained', '--target', server.url, '--sessions', '1', '--duration', '30s', '--max-lag', '1s'], term.io);
    const deadline = Date.now() + 15_000;
    while (!(server.chunks >= 3 && term.err().includes('elapsed'))) {
      assert.ok(Date.now() < deadline, `no progress on the spinner: ${term.err()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    term.raise('SIGINT');
    assert.equal(await done, 130);
    const err = term.err();
    const message = err.indexOf('pipebench: interrupted');
    assert.ok(message > 0, err);
    const lastFrame = err.lastIndexOf('elapsed', message);
    assert.ok(lastFrame >= 0, err);
    assert.ok(err.slice(lastFrame, message).includes('<CLR>'), `the spinner line stays on screen:\n${JSON.stringify(err.slice(Math.max(0, lastFrame - 80), message + 40))}`);
    assert.doesNotMatch(err.slice(message), /elapsed/, 'no spinner frame after the message');
  } finally {
    await server.close();
  }
});
