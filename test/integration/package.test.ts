/**
 * The npm package as users get it: `npm pack` contents (what ships, what must not, source maps
 * that resolve inside the package), and `npm install -g <tarball>` into a temporary prefix,
 * whose `pipebench` then runs a real (embedded-server) benchmark. Installs prefer the local npm
 * cache (offline-friendly); skipped, saying so, when dependencies cannot be fetched at all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const npm = (args: string[], cwd = ROOT, timeout = 120_000) =>
  spawnSync('npm', args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, npm_config_update_notifier: 'false' } });

/** The files `npm pack` would put in the tarball (dist/ is built by `npm test` before the tests run). */
function packedFiles(): string[] {
  const r = npm(['pack', '--dry-run', '--json', '--ignore-scripts']);
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path);
}

test('npm pack: ships the CLI, its runtime, profiles, schemas, licence and docs; no tests, no dev files; source maps resolve', () => {
  const files = packedFiles();
  const shipped = new Set(files);
  for (const f of ['package.json', 'LICENSE', 'README.md', 'CHANGELOG.md', 'bin/pipebench.js', 'dist/cli/main.js', 'dist/cli/worker.js', 'dist/src/cli/main.js', 'dist/src/index.js',
    'dist/src/index.d.ts', 'dist/src/server/index.js', 'profiles/default.json', 'profiles/profile.schema.json', 'schemas/result.schema.json']) {
    assert.ok(shipped.has(f), `${f} is shipped`);
  }
  const unwanted = files.filter((f) => /^(dist\/(test|bench)|test|bench|node_modules|\.ci|examples)\//.test(f) || f === 'action.yml' || f.endsWith('.tgz'));
  assert.deepEqual(unwanted, [], 'nothing for development only');
  const maps = files.filter((f) => f.endsWith('.map'));
  assert.ok(maps.length > 50, `${maps.length} source maps`);
  const dangling = maps.flatMap((m) => {
    const map = JSON.parse(readFileSync(join(ROOT, m), 'utf8')) as { sources: string[] };
    return map.sources.map((s) => normalize(join(dirname(m), s))).filter((s) => !shipped.has(s)).map((s) => `${m} → ${s}`);
  });
  assert.deepEqual(dangling, [], 'every source map points at a shipped file');
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.match(pkg.repository.url, /^git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/);
  assert.equal(pkg.license, 'MIT');
  assert.match(readFileSync(join(ROOT, 'LICENSE'), 'utf8'), /^MIT License/);
});

test('the bundled command line (dist/cli/) finds no file relative to its own chunks but its worker entry', () => {
  const dir = join(ROOT, 'dist', 'cli');
  const relative = readdirSync(dir).filter((f) => f.endsWith('.js'))
    .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/new URL\(([^)]*),\s*import\.meta\.url\)/g)].map((m) => `${f}: ${m[1]}`));
  assert.equal(relative.length, 1, relative.join('\n'));
  assert.match(relative[0], /: "\.\/worker\.js"$/);
  assert.ok(existsSync(join(dir, 'worker.js')));
});

test('npm install -g <tarball> into a fresh prefix: the installed pipebench runs a benchmark', { timeout: 240_000 }, async (t) => {
  const tmp = mkdtempSync(join(tmpdir(), 'pb-pack-'));
  try {
    const pack = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', tmp]);
    assert.equal(pack.status, 0, pack.stderr);
    const tarball = join(tmp, (JSON.parse(pack.stdout) as Array<{ filename: string }>)[0].filename);
    const prefix = join(tmp, 'prefix');
    const install = npm(['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], tmp, 180_000);
    if (install.status !== 0 && /ENOTCACHED|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.test(install.stderr)) {
      t.skip(`dependencies could not be fetched (offline with an empty npm cache): ${install.stderr.split('\n')[0]}`);
      return;
    }
    assert.equal(install.status, 0, install.stderr);
    const bin = join(prefix, 'bin', 'pipebench');
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    assert.equal(version.stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    // No --target: the installed package starts its own reference server, so the whole install is exercised.
    const run = spawnSync(bin, ['sustained', '--sessions', '1', '--duration', '1s', '--profile', 'smoke', '--max-lag', '10s', '--quiet', '--json', '-'],
      { encoding: 'utf8', cwd: tmp, timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.deepEqual([result.verdict, result.target.embedded, result.counts.sessions_deleted], ['pass', true, 1]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
