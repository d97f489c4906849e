/** `pipebench compare` exit codes and files through the built binary. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import type { Result } from '../../src/report/result.js';
import { latencies, makeResult } from '../unit/report-fixture.test.js';

const dir = mkdtempSync(join(tmpdir(), 'pb-compare-cli-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function save(name: string, r: Result): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(r));
  return file;
}

const fast = save('fast.json', makeResult({ rtt: latencies(3000, 40, 1) }));
const fastToo = save('fast2.json', makeResult({ rtt: latencies(3000, 40, 2) }));
const slow = save('slow.json', makeResult({ rtt: latencies(3000, 70, 3) }));

test('exit 0: nothing worse (same distribution, or better)', async () => {
  for (const [a, b] of [[fast, fastToo], [slow, fast]]) {
    const r = await runCli(['compare', a, b]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /NOT WORSE: 0 worse/);
  }
});

test('exit 1: something worse; --markdown and --json written', async () => {
  const md = join(dir, 'c.md');
  const json = join(dir, 'c.json');
  const r = await runCli(['compare', fast, slow, '--tolerance', '10%', '--tolerance', 'chunk_rtt_ms=5%', '--markdown', md, '--json', json]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^chunk_rtt_ms\s+p50 .* worse/m);
  assert.match(readFileSync(md, 'utf8'), /^## ❌ pipebench compare: worse/);
  const doc = JSON.parse(readFileSync(json, 'utf8'));
  assert.equal(doc.exit_code, 1);
  assert.equal(doc.metric_tolerance.chunk_rtt_ms, 0.05);
  assert.ok(doc.rows.some((x: { metric: string; outcome: string }) => x.metric === 'chunk_rtt_ms' && x.outcome === 'worse'));
});

test('exit 2: different scenarios are named, not compared; --force compares them with a warning', async () => {
  const wide = save('wide.json', makeResult({ rtt: latencies(3000, 40, 4), sessions: 50, scenario: { sample_rate: 48000 } }));
  const r = await runCli(['compare', fast, wide]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /sessions: 4 → 50; sample_rate: 16000 → 48000 \(--force compares them anyway\)/);
  assert.equal(r.stdout, '');
  const forced = await runCli(['compare', fast, wide, '--force']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(forced.stdout, /warning: compared despite a different scenario \(--force\): sessions: 4 → 50/);
});

test('exit 2: unreadable input and bad tolerance, all named at once', async () => {
  const r = await runCli(['compare', join(dir, 'missing.json'), fast, '--tolerance', 'ten', '--tolerance', 'chunk_rt_ms=5%']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /3 problems/);
  assert.match(r.stderr, /missing\.json: cannot read it/);
  assert.match(r.stderr, /--tolerance "ten"/);
  assert.match(r.stderr, /unknown metric "chunk_rt_ms"/);
});
