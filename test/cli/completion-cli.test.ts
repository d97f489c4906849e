/**
 * `pipebench completion bash|zsh|fish` through the built binary: the scripts complete commands,
 * a command's flags and files in the real shells (bash always; fish and zsh when installed, else
 * skipped saying so), and list every command and flag --help knows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'pb-completion-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const has = (bin: string) => (existsSync(`/usr/bin/${bin}`) ? false : `${bin} is not installed (apt-get install -y ${bin})`);

async function script(shell: string): Promise<string> {
  const r = await runCli(['completion', shell]);
  assert.equal(r.code, 0, r.stderr);
  const file = join(dir, `pipebench.${shell}`);
  writeFileSync(file, r.stdout);
  return file;
}

test('bash: commands, the flags of the command being typed, files after a flag that takes a value', async () => {
  const file = await script('bash');
  writeFileSync(join(dir, 'base.json'), '{}');
  const complete = (...words: string[]) => {
    const r = spawnSync('bash', ['-c', `source ${file}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _pipebench; printf '%s\\n' "\${COMPREPLY[@]}"`], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim().split('\n');
  };
  assert.deepEqual(complete('pipebench', 'su'), ['sustained']);
  assert.deepEqual(complete('pipebench', 'c'), ['capacity', 'check', 'compare', 'completion']);
  assert.deepEqual(complete('pipebench', 'sustained', '--sess'), ['--sessions']);
  assert.deepEqual(complete('pipebench', 'compare', '--tol'), ['--tolerance']);
  assert.deepEqual(complete('pipebench', 'compare', '--sess'), [''], 'another command\'s flag is not offered');
  assert.deepEqual(complete('pipebench', 'sustained', '--json', 'ba'), ['base.json']);
});

test('fish: commands with their descriptions, and flags', { skip: has('fish') }, async () => {
  const file = await script('fish');
  const r = spawnSync('fish', ['-c', `source ${file}; complete -C 'pipebench sus'; complete -C 'pipebench sustained --sess'`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^sustained\tstream sine-wave chunks/m);
  assert.match(r.stdout, /^--sessions\tconcurrent sessions/m);
});

test('zsh: the script parses', { skip: has('zsh') }, async () => {
  const file = await script('zsh');
  const r = spawnSync('zsh', ['-n', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('every command and flag of --help is in the scripts; an unknown shell is a usage error', async () => {
  const help = await runCli(['sustained', '--help']);
  const bash = (await runCli(['completion', 'bash'])).stdout;
  const flags = [...help.stdout.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]).filter((f) => f !== '--help');
  assert.ok(flags.length > 30, `${flags.length} flags`);
  const line = bash.split('\n').find((l) => l.trim().startsWith('sustained)'))!;
  for (const f of flags) assert.ok(line.includes(` ${f} `) || line.includes(`'${f} `) || line.includes(` ${f}'`), `${f} offered`);
  const bad = await runCli(['completion', 'tcsh']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /"tcsh" is not a shell this supports; choose bash, zsh, fish/);
});
