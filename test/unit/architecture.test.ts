/**
 * The architecture rules of shared/ARCHITECTURE.md, checked on the source: load/ knows no
 * statistics, only src/cli/ touches the process, each third-party package enters src/ through one
 * module. A rule broken names the file and the line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SRC = join(ROOT, 'src');

function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

interface Import {
  file: string;
  line: number;
  spec: string;
}

/** Every import and re-export specifier, with its line, comments skipped. */
export function importsOf(file: string, text: string): Import[] {
  const out: Import[] = [];
  const re = /^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const m of text.matchAll(re)) out.push({ file, line: text.slice(0, m.index).split('\n').length, spec: m[1] ?? m[2] ?? m[3] });
  return out;
}

const files = sources();
const imports = files.flatMap((f) => importsOf(relative(ROOT, f), readFileSync(f, 'utf8')));
const where = (i: Import) => `${i.file}:${i.line} imports ${i.spec}`;

test('importsOf finds static, type, re-export and dynamic imports (the rules below rest on it)', () => {
  const text = "import a from 'x';\nimport type { B } from \"y\";\nexport { c } from './z.js';\nconst d = await import('w');\n// import e from 'v';";
  assert.deepEqual(importsOf('f.ts', text).map((i) => [i.spec, i.line]), [['x', 1], ['y', 2], ['./z.js', 3], ['w', 4]]);
});

test('load/ imports nothing from measure/ (it emits into a LoadSink; issue 9 point 3)', () => {
  const bad = imports.filter((i) => i.file.startsWith('src/load/') && /(^|\/)measure\//.test(i.spec));
  assert.deepEqual(bad.map(where), []);
});

test('only src/cli/ touches the process: argv, env, cwd, streams, signals, exit', () => {
  const control = /\bprocess\.(argv|env|exit|exitCode|stdout|stderr|stdin|on|once|off|cwd|kill|chdir)\b|from ['"](node:)?process['"]/;
  const bad = files.filter((f) => !relative(SRC, f).startsWith('cli/')).flatMap((f) =>
    readFileSync(f, 'utf8').split('\n').flatMap((line, i) => (control.test(line) && !/^\s*(\/\/|\*)/.test(line) ? [`${relative(ROOT, f)}:${i + 1}: ${line.trim()}`] : [])));
  assert.deepEqual(bad, []);
});

test('each third-party package is imported by one module of src/', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const packageOf = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
  const byPackage = new Map<string, Set<string>>();
  for (const i of imports.filter((x) => !x.spec.startsWith('.') && !x.spec.startsWith('node:'))) {
    const name = packageOf(i.spec);
    byPackage.set(name, (byPackage.get(name) ?? new Set()).add(i.file));
  }
  const unlisted = [...byPackage.keys()].filter((n) => !(n in pkg.dependencies));
  assert.deepEqual(unlisted, [], 'imported but not a dependency');
  const spread = [...byPackage].filter(([, f]) => f.size > 1).map(([n, f]) => `${n}: ${[...f].sort().join(', ')}`);
  assert.deepEqual(spread, []);
});

test('every HTTP request goes through the one client, HttpClient of src/net/http.ts (issue 9 point 4)', () => {
  // The client's transport (src/net/http1.ts) speaks HTTP/1.1 on net/tls sockets; node:http(s) is no client at all.
  const clientModules = imports.filter((i) => /^node:(https?|net|tls)$/.test(i.spec) && !i.file.startsWith('src/server/')).map((i) => i.file);
  assert.deepEqual([...new Set(clientModules)], ['src/net/http1.ts'], 'sockets are opened by the HTTP transport alone');
  const transportUsers = imports.filter((i) => /(^|\/)http1(-parse)?\.js$/.test(i.spec)).map((i) => i.file);
  assert.deepEqual([...new Set(transportUsers)].sort(), ['src/net/http.ts', 'src/net/http1.ts'], 'the transport serves HttpClient alone');
  // The client module hands out the client, never its Agent or request, so no use can build a second one.
  const client = readFileSync(join(SRC, 'net/http.ts'), 'utf8');
  const exported = [...client.matchAll(/^export\s+(?:async\s+)?(?:class|function|const|let)\s+(\w+)|^export\s*\{([^}]*)\}/gm)]
    .flatMap((m) => (m[1] ? [m[1]] : m[2].split(',').map((n) => n.trim().split(/\s+as\s+/).pop()!)));
  assert.deepEqual(exported.sort(), ['HttpClient']);
  // No other HTTP client: fetch, node:http(s) requests. The reference server (src/server/) serves with node:http.
  const other = /\bfetch\(|\b(?:http|https)\.(?:request|get)\(|from ['"]node:https?['"]/;
  const bad = files.filter((f) => !relative(SRC, f).startsWith('server/') && relative(SRC, f) !== join('net', 'http.ts')).flatMap((f) =>
    readFileSync(f, 'utf8').split('\n').flatMap((line, i) => (other.test(line) && !/^\s*(\/\/|\*)/.test(line) ? [`${relative(ROOT, f)}:${i + 1}: ${line.trim()}`] : [])));
  assert.deepEqual(bad, []);
});

test('every command is a spec of src/commands/<name>/ run by the one runner; serve and completion say why not', async () => {
  const { CATALOGUE } = await import('../../src/cli/main.js');
  const offRunner: Record<string, string> = {};
  for (const [name, entry] of Object.entries(CATALOGUE)) {
    const spec = (await entry.load()) as unknown as Record<string, unknown>;
    const onRunner = ['resolve', 'target', 'run', 'judge', 'render', 'files'].every((k) => k in spec);
    if (!onRunner) offRunner[name] = 'action' in spec ? 'own action' : 'incomplete spec';
  }
  // shared/ARCHITECTURE.md "What does not go through the runner, and why" names exactly these.
  assert.deepEqual(offRunner, { completion: 'own action', serve: 'own action' });
  const specFiles = imports.filter((i) => i.file === 'src/cli/main.ts' && /commands\/\w+\/spec\.js$/.test(i.spec)).map((i) => i.spec.split('/')[2]);
  assert.deepEqual(specFiles.sort(), Object.keys(CATALOGUE).filter((n) => n !== 'completion' && n !== 'serve').sort());
  // serve's flags and resolve live with the other commands' specs, not in cli/.
  assert.ok(imports.some((i) => i.file === 'src/cli/serve.ts' && i.spec === '../commands/serve/spec.js'));
});
