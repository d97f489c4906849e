/**
 * Bad input is found before anything starts: exit 2 with a message naming the input and the
 * fix, never exit 70, never a hang, and no embedded server started for a run that cannot be.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { runMain } from '../helpers/io.js';

const UNREACHABLE = ['--target', 'http://127.0.0.1:9'];
const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

describe('input validation', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pb-validation-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Exit 2, the message, and no embedded server (argv has no --target unless given). */
  async function refused(argv: string[], message: RegExp): Promise<void> {
    const r = await runMain(argv);
    assert.equal(r.code, 2, `${argv.join(' ')}\n${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /embedded|internal error/);
    assert.equal(r.stdout, '');
  }

  test('a report path that is a directory: every judged command refuses it before starting (no target = no server)', async () => {
    const runs: string[][] = [
      ['sustained'], ['latency'], ['capacity'], ['batch'], ['check'],
    ];
    for (const argv of runs) {
      for (const flag of ['--json', '--html', '--junit']) await refused([...argv, flag, dir], new RegExp(`${flag} .*is a directory`));
    }
    await refused(['sustained', '--json', join(dir, 'no', 'such', 'dir', 'r.json')], /--json .*does not exist/);
  });

  test('durations past Node timers (≥ 596.5 h) and beyond the 168 h bound are refused, naming the bound', async () => {
    await refused(['sustained', '--duration', '597h'], /--duration: "597h" is longer than 168h \(7 days\)/);
    await refused(['sustained', '--ramp-up', '597h'], /--ramp-up: "597h" is longer than 168h/);
    await refused(['sustained', '--chunk-timeout', '169h'], /--chunk-timeout: "169h" is longer than 168h/);
    await refused(['capacity', '--step-duration', '600h'], /--step-duration: "600h" is longer than 168h/);
    await refused(['batch', '--duration', '597h'], /--duration: "597h" is longer than 168h/);
    await refused(['check', '--check-timeout', '597h'], /--check-timeout: "597h" is longer than 168h/);
  });

  test('deep JSON in --update-params, --pipeline and a profile: exit 2, not a stack overflow', async () => {
    await refused(['sustained', '--update-every', '1s', '--update-params', `{"a": ${deep(20_000)}}`], /--update-params: nested too deeply \(more than 64 levels\)/);
    const pipeline = join(dir, 'deep-pipeline.json');
    writeFileSync(pipeline, `{"stages": {"vad": ${deep(20_000)}}}`);
    await refused(['sustained', '--pipeline', pipeline], /--pipeline .*deep-pipeline\.json: nested too deeply/);
    const profile = join(dir, 'deep-profile.json');
    writeFileSync(profile, `{"name": "x", "thresholds": {"error_rate": ["rate < 0.1"]}, "options": {"update-params": ${deep(200)}}}`);
    await refused(['sustained', '--profile', profile], /deep-profile\.json: nested too deeply/);
  });

  test('gaps that used to be accepted', async () => {
    const empty = join(dir, 'no-thresholds.json');
    writeFileSync(empty, '{"name": "empty", "thresholds": {}}');
    await refused(['sustained', ...UNREACHABLE, '--profile', empty], /has no thresholds, so every run would pass/);
    await refused(['sustained', ...UNREACHABLE, '--sessions', '0x10'], /--sessions: "0x10" is not an integer/);
    await refused(['capacity', ...UNREACHABLE, '--max', '1e3'], /--max: "1e3" is not an integer/);
    await refused(['sustained', ...UNREACHABLE, '--pipeline', ''], /--pipeline: empty/);
    await refused(['check', ...UNREACHABLE, '--only', ''], /--only: no check named/);
    await refused(['sustained', ...UNREACHABLE, '--header', 'X-Token: a\u0001b'], /--header X-Token: the value holds a control character/);
    await refused(['sustained', ...UNREACHABLE, '--header', 'X-Name: caf\u00e9 \u2603'], /--header X-Name: .*beyond Latin-1/);
    await refused(['sustained', ...UNREACHABLE, 'ten', 'sessions'], /unexpected arguments "ten", "sessions": sustained takes no arguments, only flags/);
    await refused(['sustained', ...UNREACHABLE, '--profile', dir], /is a directory; give a file/);
  });

  test('a UTF-8 byte-order mark before a profile is read past, not reported as an invisible character', async () => {
    const bom = join(dir, 'bom.json');
    writeFileSync(bom, `\ufeff{"name": "bom", "thresholds": {"error_rate": ["rate < 0.1"]}}`);
    const r = await runMain(['sustained', ...UNREACHABLE, '--profile', bom, '--duration', '1s', '--quiet']);
    assert.equal(r.code, 3, r.stderr);
  });

  test('/dev/zero as a profile or pipeline: refused at once instead of read forever', { skip: process.platform === 'win32' }, async () => {
    for (const flag of ['--profile', '--pipeline']) {
      const r = await runCli(['sustained', ...UNREACHABLE, flag, '/dev/zero'], { timeoutMs: 15_000 });
      assert.equal(r.code, 2, `${flag}: ${r.signal ?? ''} ${r.stderr}`);
      assert.match(r.stderr, /not a regular file/);
    }
  });
});
