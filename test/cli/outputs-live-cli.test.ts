/**
 * --tag (and, with a real Prometheus, --out) through the built binary against the reference
 * server: the labels reach the result, every report file and the table; bad values exit 2 naming
 * each problem before anything connects.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { validateResult } from '../../src/report/read-result.js';
import { runCli } from '../helpers/cli.js';

let server: RunningServer;
const dir = mkdtempSync(join(tmpdir(), 'pb-live-cli-'));
before(async () => {
  server = await startServer({ host: '127.0.0.1', port: 0 });
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (extra: string[]) => runCli(['sustained', '--target', server.url, '--sessions', '2', '--duration', '1s', '--max-lag', '10s', '--no-color', ...extra], { timeoutMs: 60_000 });

test('--tag: in the result JSON (with the run id), the Markdown, JUnit, HTML and the table', async () => {
  const f = (n: string) => join(dir, n);
  const r = await run(['--tag', 'branch=main', '--tag', 'pr=12', '--json', f('r.json'), '--summary-md', f('r.md'), '--junit', f('r.xml'), '--html', f('r.html')]);
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(readFileSync(f('r.json'), 'utf8'));
  assert.deepEqual(validateResult(result), []);
  assert.deepEqual(result.tags, { branch: 'main', pr: '12' });
  assert.match(result.run_id, /^\d{13}$/);
  assert.match(readFileSync(f('r.md'), 'utf8'), /<sub>tags: branch=main, pr=12 · pipebench/);
  assert.match(readFileSync(f('r.xml'), 'utf8'), /<property name="tag\.branch" value="main"\/>\s*<property name="tag\.pr" value="12"\/>/);
  assert.match(readFileSync(f('r.html'), 'utf8'), /<span class="tag">branch=main<\/span><span class="tag">pr=12<\/span>/);
  assert.match(r.stdout, /^tags: branch=main pr=12$/m);
});

test('bad --tag and --out values: exit 2, each named with its fix, nothing run', async () => {
  const r = await run(['--tag', 'run_id=x', '--tag', 'nokey', '--tag', '9x=y']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--tag run_id=x: "run_id" is set by pipebench itself/);
  assert.match(r.stderr, /--tag nokey: expected key=value/);
  assert.match(r.stderr, /--tag 9x=y: expected key=value/);
  assert.equal(server.sessionCount(), 0);
});
