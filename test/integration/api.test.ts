/** The programmatic API: same result object as --json, no printing, no process exit. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PipebenchInputError, sustained } from '../../src/index.js';
import { startFakeServer } from '../helpers/fake-server.js';

test('sustained() returns the result document and deletes its sessions', async () => {
  const server = await startFakeServer();
  try {
    const r = await sustained({ target: server.url, sessions: 2, duration: 1000, chunkTimeout: '500ms', maxLag: '1s', profile: 'smoke' });
    assert.equal(r.schema, 'pipebench/result@1');
    assert.equal(r.command, 'sustained');
    assert.equal(r.verdict, 'pass');
    assert.equal(r.exit_code, 0);
    assert.equal(r.scenario.duration_s, 1);
    assert.equal(r.counts.chunks_acked, r.counts.chunks_due);
    assert.equal(server.deleted.size, 2);
  } finally {
    await server.close();
  }
});

test('bad options throw one error listing every problem, before anything connects', async () => {
  const err = await sustained({ target: 'http://127.0.0.1:9', sessions: 0, duration: 'soon', thresholds: ['nope: p(95) < 1'] }).catch((e) => e);
  assert.ok(err instanceof PipebenchInputError);
  assert.equal(err.problems.length, 3);
  assert.match(err.problems.join('\n'), /--sessions[\s\S]*--duration[\s\S]*nope/);
});
