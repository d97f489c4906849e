/**
 * `compare` and `serve` in-process (`main(argv, io)`): bad input is exit 2 before anything starts,
 * every problem at once, each naming the fix; `compare` on the runner writes its files and
 * `--json -` like the other commands. Results come from real runs against the reference server.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { runMain } from '../helpers/io.js';

let server: RunningServer;
let dir: string;
before(async () => {
  server = await startServer({ host: '127.0.0.1', port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'pb-cmp-serve-'));
  for (const [name, sessions] of [['a.json', '1'], ['b.json', '1'], ['two.json', '2']]) {
    const r = await runMain(['sustained', '-t', server.url, '-s', sessions, '-d', '300ms', '--max-lag', '10s', '--json', name, '--quiet'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
  }
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Exit 2, nothing on stdout, and each expected problem line on stderr. */
async function badInput(argv: string[], problems: RegExp[]): Promise<void> {
  const r = await runMain(argv, { cwd: dir });
  assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, problems.length === 1 ? /^pipebench: error:\n/ : new RegExp(`^pipebench: ${problems.length} problems:\\n`));
  for (const p of problems) assert.match(r.stderr, p);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

test('compare: unreadable input, bad tolerances and a report path that is a directory, all at once (exit 2)', async () => {
  mkdirSync(join(dir, 'out'), { recursive: true });
  await badInput(['compare', 'missing.json', 'a.json', '--tolerance', 'ten', '--tolerance', 'chunk_rt_ms=5%', '--json', 'out', '--markdown', 'nodir/c.md'], [
    /missing\.json: cannot read it/,
    /--tolerance "ten": expected a percentage such as 10% or chunk_rtt_ms=5%/,
    /--tolerance "chunk_rt_ms=5%": unknown metric "chunk_rt_ms"; use one of chunk_rtt_ms, /,
    /--json out: is a directory; give a file name, e.g\. out\/result\.json/,
    /--markdown nodir\/c\.md: the directory .*nodir does not exist; create it first/,
  ]);
});

test('compare: unlike scenarios are named with the way out (--force); a missing argument is named (exit 2)', async () => {
  await badInput(['compare', 'a.json', 'two.json'], [/sessions: 1 → 2 \(--force compares them anyway\)/]);
  const r = await runMain(['compare', 'a.json'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /missing required argument 'new'/);
});

test('compare on the runner: --json - is the comparison on stdout (text on stderr), --markdown written, exit code in the document', async () => {
  const r = await runMain(['compare', 'a.json', 'b.json', '--json', '-', '--markdown', 'c.md', '--tolerance', '1000%'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { schema: string; verdict: string; exit_code: number; counts: { worse: number } };
  assert.deepEqual([doc.schema, doc.verdict, doc.exit_code, doc.counts.worse], ['pipebench/compare@1', 'pass', 0, 0]);
  assert.match(r.stderr, /NOT WORSE: 0 worse/);
  assert.match(readFileSync(join(dir, 'c.md'), 'utf8'), /pipebench compare/);
});

test('serve: bad values, half a TLS pair and stray words, each naming the fix (exit 2, nothing listens)', async () => {
  await badInput(['serve', '--port', 'x', '--max-frame-bytes', '1 lot', '--error-rate', '2', '--tls-cert', 'cert.pem'], [
    /--port: 'x' is not a port number/,
    /--max-frame-bytes: '1 lot' is not a size such as 65536, 64KiB or 1MiB/,
    /--error-rate: .*0.*1/,
    /--tls-cert and --tls-key: give both \(a PEM certificate and its private key\) or neither/,
  ]);
  await badInput(['serve', '--tls-cert', 'no-cert.pem', '--tls-key', 'no-key.pem'], [/--tls-cert: cannot read 'no-cert\.pem' \(ENOENT\)/, /--tls-key: cannot read 'no-key\.pem' \(ENOENT\)/]);
  await badInput(['serve', '3000'], [/unexpected argument "3000": serve takes no arguments, only flags; flags start with -- \(e\.g\. --sessions 10\)/]);
  await badInput(['serve', '--seed', '1.5'], [/--seed: '1\.5' is not an integer/]);
  await badInput(['serve', '--idle-timeout', 'soon'], [/--idle-timeout: 'soon' is not a duration such as 500ms, 30s or 5m \(0 = off\)/]);
});

test('serve: a port already in use is bad input naming --host/--port (exit 2)', async () => {
  const port = new URL(server.url).port;
  await badInput(['serve', '--port', port], [new RegExp(`--host/--port: cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`)]);
});

test('serve: PIPEBENCH_PORT from the environment is checked like the flag, and named', async () => {
  const r = await runMain(['serve'], { cwd: dir, env: { PIPEBENCH_PORT: 'high' } });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /'high' is not a port number/);
});
