/**
 * action.yml, run step by step as the GitHub runner runs a composite action (see
 * test/helpers/actions-runner.ts) against the reference server on 127.0.0.1: its outputs
 * (verdict, exit code, result path), the job summary it writes, and whether the step fails.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { parse } from 'yaml';
import { parseGithubOutput, runCompositeAction } from '../helpers/actions-runner.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The suite shares two cores: a generous generator bound keeps a busy machine from making a run invalid (exit 4). */
// The Action's plumbing is the subject, not the machine: a busy CI host may neither invalidate the run
// (--max-lag) nor fail the ci profile's latency bounds with its own stalls (the flag thresholds replace them).
const CALM = '--max-lag 10s';
const LOOSE = `${CALM} --threshold "chunk_rtt_ms: p(95) < 5000" --threshold "chunk_rtt_ms: p(99) < 5000"`;
let server: RunningServer;
let workspace: string;

before(async () => {
  server = await startServer({ host: '127.0.0.1', port: 0 });
  workspace = mkdtempSync(join(tmpdir(), 'pb-action-'));
});
after(async () => {
  await server.close();
  rmSync(workspace, { recursive: true, force: true });
});

test('GITHUB_OUTPUT: name=value lines and heredoc blocks', () => {
  assert.deepEqual(parseGithubOutput('a=1\nb=x=y\nc<<EOF\nline 1\nline 2\nEOF\nd=\n'), { a: '1', b: 'x=y', c: 'line 1\nline 2', d: '' });
});

test('a passing run: outputs verdict pass, exit code 0 and the result; the summary lands in the job summary', { timeout: 90_000 }, async () => {
  const run = await runCompositeAction(ROOT, { command: 'sustained', args: `--target ${server.url} --sessions 2 --duration 2s --profile smoke ${CALM}` }, workspace);
  assert.ok(run.ok, JSON.stringify(run.steps, null, 1));
  assert.match(run.steps[0].stdout, /already built/, 'the build step finds the checkout built');
  assert.equal(run.outputs.verdict, 'pass');
  assert.equal(run.outputs['exit-code'], '0');
  assert.ok(run.outputs.result.startsWith(join(workspace, '.runner-temp-')), `result in RUNNER_TEMP: ${run.outputs.result}`);
  const result = JSON.parse(readFileSync(run.outputs.result, 'utf8'));
  assert.deepEqual([result.schema, result.target.url, result.scenario.sessions], ['pipebench/result@1', server.url, 2]);
  assert.match(run.summary, /^## ✅ pipebench sustained: PASS$/m);
  assert.equal(readFileSync(run.outputs.summary, 'utf8'), run.summary, 'the summary output holds what the job summary got');
  assert.match(run.steps[1].stdout, /pipebench sustained: pass \(exit 0\)/);
});

test('a failing threshold (quoted, with spaces): the step fails with exit 1, and the outputs and summary still say why', { timeout: 90_000 }, async () => {
  const result = join(workspace, 'fail.json');
  const args = `--target ${server.url}\n--sessions 1 --duration 1s ${CALM}\n--threshold 'chunk_rtt_ms: p(50) < 0.001'`;
  const run = await runCompositeAction(ROOT, { command: 'sustained', args, result }, workspace);
  assert.equal(run.ok, false);
  assert.equal(run.steps[1].code, 1);
  assert.deepEqual([run.outputs.verdict, run.outputs['exit-code'], run.outputs.result], ['fail', '1', result]);
  assert.match(run.summary, /^## ❌ pipebench sustained: FAIL$/m);
  assert.match(run.summary, /`p\(50\) < 0\.001`/);
});

test("fail: 'false' lets the step pass and leaves the decision to the outputs", { timeout: 90_000 }, async () => {
  const args = `--target ${server.url} --sessions 1 --duration 1s ${CALM} --threshold "chunk_rtt_ms: p(50) < 0.001"`;
  const run = await runCompositeAction(ROOT, { args, fail: 'false', result: join(workspace, 'nofail.json') }, workspace);
  assert.ok(run.ok, run.steps.map((s) => s.stderr).join('\n'));
  assert.deepEqual([run.outputs.verdict, run.outputs['exit-code']], ['fail', '1']);
});

test('a usage error: exit 2, verdict "error", no result, and the job summary says pipebench stopped', { timeout: 60_000 }, async () => {
  const result = join(workspace, 'usage.json');
  const run = await runCompositeAction(ROOT, { args: `--target ${server.url} --sessions zero`, result }, workspace);
  assert.equal(run.steps[1].code, 2);
  assert.deepEqual([run.outputs.verdict, run.outputs['exit-code'], run.outputs.result, run.outputs.summary], ['error', '2', '', '']);
  assert.equal(existsSync(result), false);
  assert.match(run.summary, /pipebench sustained: no result[^]*exit 2/);
  assert.match(run.steps[1].stderr, /--sessions/);
});

test('examples/github-actions.yml: its pipebench step uses only inputs the Action has, and works as written (shortened)', { timeout: 90_000 }, async () => {
  const workflow = parse(readFileSync(join(ROOT, 'examples/github-actions.yml'), 'utf8')) as { jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, string> }> }> };
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
  const step = Object.values(workflow.jobs).flatMap((j) => j.steps).find((s) => s.uses?.startsWith('pipebench/pipebench@'));
  assert.ok(step?.with, 'the example uses the Action');
  assert.deepEqual(Object.keys(step.with).filter((k) => !(k in action.inputs)), [], 'unknown inputs');
  // The same inputs against the reference server, 2 sessions for 2 s instead of the ci profile's 10 for 20.
  const args = `${step.with.args.replace('http://127.0.0.1:8000', server.url)} --sessions 2 --duration 2s --warmup 0s --ramp-up 0s ${LOOSE}`;
  const dir = mkdtempSync(join(workspace, 'example-'));
  const run = await runCompositeAction(ROOT, { ...step.with, args }, dir);
  assert.ok(run.ok, run.steps.map((s) => s.stdout + s.stderr).join('\n'));
  assert.equal(run.outputs.verdict, 'pass');
  for (const f of ['result.json', 'junit.xml', 'report.html', 'timeline.jsonl']) assert.ok(existsSync(join(dir, 'pipebench-out', f)), f);
});

test('examples/github-actions-baseline.yml: its compare step, through the Action, on two real results: verdict and a PR-sized comment', { timeout: 120_000 }, async () => {
  const workflow = parse(readFileSync(join(ROOT, 'examples/github-actions-baseline.yml'), 'utf8')) as { jobs: Record<string, { steps: Array<{ id?: string; with?: Record<string, string> }> }> };
  const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
  const bench = steps.find((s) => s.id === 'bench')!.with!;
  const compare = steps.find((s) => s.id === 'compare')!.with!;
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
  for (const w of [bench, compare]) assert.deepEqual(Object.keys(w).filter((k) => !(k in action.inputs)), [], 'unknown inputs');
  const dir = mkdtempSync(join(workspace, 'baseline-'));
  const short = (args: string) => `${args.replace('http://127.0.0.1:8000', server.url)} --sessions 2 --duration 2s --warmup 0s --ramp-up 0s ${LOOSE}`;
  // "main": its run's result becomes the baseline artifact, downloaded to baseline/ in the PR's job.
  const mainDir = mkdtempSync(join(workspace, 'main-'));
  const main = await runCompositeAction(ROOT, { ...bench, args: short(bench.args) }, mainDir);
  assert.equal(main.outputs.verdict, 'pass', main.steps.map((s) => s.stdout.slice(-600)).join('\n'));
  mkdirSync(join(dir, 'baseline'));
  copyFileSync(resolve(mainDir, main.outputs.result), join(dir, 'baseline', 'result.json'));
  const pr = await runCompositeAction(ROOT, { ...bench, args: short(bench.args) }, dir);
  assert.equal(pr.outputs.verdict, 'pass', pr.steps.map((s) => s.stdout.slice(-600)).join('\n'));
  const args = compare.args.replace('${{ steps.bench.outputs.result }}', pr.outputs.result);
  const cmp = await runCompositeAction(ROOT, { ...compare, args }, dir);
  assert.ok(cmp.ok, cmp.steps.map((s) => s.stdout + s.stderr).join('\n'));
  assert.ok(['worse', 'not_worse'].includes(cmp.outputs.verdict), cmp.outputs.verdict);
  assert.equal(cmp.outputs['exit-code'], cmp.outputs.verdict === 'worse' ? '1' : '0');
  const comment = readFileSync(resolve(dir, cmp.outputs.summary), 'utf8');
  assert.match(comment, /^## (✅|❌) pipebench compare: (not worse|worse)\n/);
  assert.match(comment, /\| metric \| base \| new \| change \| verdict \|\n[^\n]+\n\| chunk_rtt_ms p50 \| [\d.]+ ms \| [\d.]+ ms \|/);
  assert.equal(cmp.summary, comment, 'the job summary got the same text');
});
