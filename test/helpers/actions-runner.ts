/**
 * Runs a composite action's steps the way the GitHub Actions runner does, for action.yml's test:
 * `${{ inputs.x }}`, `${{ github.action_path }}` and `${{ steps.<id>.outputs.<name> }}` expanded,
 * each `run` written to a file and executed with `bash --noprofile --norc -eo pipefail FILE`, the
 * step's `env` on top of GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_ACTION_PATH, RUNNER_TEMP and
 * friends; a step's outputs read back from its GITHUB_OUTPUT file (name=value and heredoc forms);
 * the first failing step stops the job. Only the subset of expressions action.yml uses.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

interface ActionStep {
  id?: string;
  name?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

interface ActionFile {
  inputs?: Record<string, { default?: string }>;
  outputs?: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface StepRun {
  name: string;
  code: number;
  stdout: string;
  stderr: string;
}

export interface ActionRun {
  steps: StepRun[];
  /** The action's outputs, as a later step would see them. */
  outputs: Record<string, string>;
  summary: string;
  /** True when every step succeeded. */
  ok: boolean;
}

/** name=value lines and name<<DELIM … DELIM blocks, as the runner reads GITHUB_OUTPUT. */
export function parseGithubOutput(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=');
      out[lines[i].slice(0, at)] = lines[i].slice(at + 1);
    }
  }
  return out;
}

function bash(file: string, cwd: string, env: Record<string, string>, timeoutMs: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code: code ?? 137, stdout, stderr });
    });
  });
}

/** Run the composite action in `actionDir` with `with` inputs, in `workspace`. */
export async function runCompositeAction(actionDir: string, inputs: Record<string, string>, workspace: string, timeoutMs = 120_000): Promise<ActionRun> {
  const action = parse(readFileSync(join(actionDir, 'action.yml'), 'utf8')) as ActionFile;
  if (action.runs.using !== 'composite') throw new Error(`not a composite action: ${action.runs.using}`);
  // The runner's temp directory lives in the workspace, so results written there outlive the run; the caller removes both.
  const temp = mkdtempSync(join(workspace, '.runner-temp-'));
  const summaryFile = join(temp, 'step_summary.md');
  writeFileSync(summaryFile, '');
  const withDefaults = Object.fromEntries(Object.entries(action.inputs ?? {}).map(([k, v]) => [k, v.default ?? '']));
  const values = { ...withDefaults, ...inputs };
  const stepOutputs: Record<string, Record<string, string>> = {};
  const expand = (text: string) =>
    text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
      if (expr.startsWith('inputs.')) return values[expr.slice(7)] ?? '';
      if (expr === 'github.action_path') return actionDir;
      const step = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
      if (step) return stepOutputs[step[1]]?.[step[2]] ?? '';
      throw new Error(`expression not supported by this runner: ${expr}`);
    });
  const steps: StepRun[] = [];
  for (const [i, step] of action.runs.steps.entries()) {
    if (step.run === undefined || step.shell !== 'bash') throw new Error(`step ${i}: only "run" steps with shell: bash are supported`);
    const script = join(temp, `step-${i}.sh`);
    const outputFile = join(temp, `output-${i}`);
    writeFileSync(script, expand(step.run));
    writeFileSync(outputFile, '');
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, GITHUB_ACTION_PATH: actionDir,
      GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, RUNNER_TEMP: temp, RUNNER_OS: 'Linux',
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(String(v))])),
    };
    const cwd = resolve(workspace, expand(step['working-directory'] ?? '.'));
    const r = await bash(script, cwd, env, timeoutMs);
    steps.push({ name: step.name ?? `step ${i}`, ...r });
    if (step.id) stepOutputs[step.id] = parseGithubOutput(readFileSync(outputFile, 'utf8'));
    if (r.code !== 0) break;
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs ?? {}).map(([k, v]) => [k, expand(v.value)]));
  return { steps, outputs, summary: readFileSync(summaryFile, 'utf8'), ok: steps.length === action.runs.steps.length && steps.every((s) => s.code === 0) };
}
