/**
 * The one runner every judged command goes through, from the CLI and from the programmatic API:
 * prepare (profile, resolve, outputs: every problem at once, before anything starts) → target
 * → run → judge → emit (report files, then the JSON, then the table: the exit code they carry is
 * the one the process returns).
 */
import { readInputText } from '../input-file.js';
import { resolve as resolvePath } from 'node:path';
import { loadProfile, type Profile } from '../profile.js';
import { afterReports, exitCodeOf } from '../evaluate/exit-codes.js';
import { InputError } from './errors.js';
import { resolveOutputs, writeOutput, type Outputs } from './outputs.js';
import type { CommandSpec, Judged, RawFlags, TargetInfo } from './spec.js';
import { onTarget } from './target.js';
import { resolveTags, withTags } from '../output/options.js';

/** A command ready to run: its frozen plan and validated outputs. */
export interface Prepared<Plan = unknown, R extends Judged = Judged> {
  spec: CommandSpec<Plan, unknown, R>;
  plan: Plan;
  outputs: Outputs;
  /** --tag labels, put on the judged result so every output carries them. */
  tags: Readonly<Record<string, string>>;
}

/** `--header-file`: 'Name: value' lines (blank lines and # comments skipped) added to --header. */
function headerFile(flags: RawFlags, cwd: string, problems: string[]): RawFlags {
  const file = flags['header-file'];
  if (file === undefined) return flags;
  const read = readInputText(resolvePath(cwd, String(file)));
  if (read.problem !== undefined) {
    problems.push(`--header-file ${String(file)}: ${read.problem}`);
    return flags;
  }
  const text = read.text;
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const given = flags.header === undefined ? [] : Array.isArray(flags.header) ? flags.header : [flags.header];
  return { ...flags, header: [...lines, ...given] };
}

/** Resolve flags into a plan and outputs, or throw one InputError listing every problem. */
/** `--out` given for `--json` (spec.aliases): the canonical name, or a problem when both are given. */
function unalias(flags: RawFlags, aliases: Readonly<Record<string, string>>, problems: string[]): RawFlags {
  const out = { ...flags };
  for (const [alias, name] of Object.entries(aliases)) {
    if (out[alias] === undefined) continue;
    if (out[name] !== undefined) problems.push(`--${alias} and --${name}: the same output; give one`);
    out[name] = out[alias];
    delete out[alias];
  }
  return out;
}

export function prepare<Plan, R extends Judged>(
  spec: CommandSpec<Plan, unknown, R>, rawFlags: RawFlags, args: readonly string[], cwd: string, env: Readonly<Record<string, string | undefined>> = {},
): Prepared<Plan, R> {
  const problems: string[] = [];
  const flags = headerFile(unalias(rawFlags, spec.aliases ?? {}, problems), cwd, problems);
  let profile: Profile | null = null;
  if (spec.defaultProfile !== null) {
    const loaded = loadProfile(String(flags.profile ?? spec.defaultProfile), cwd);
    problems.push(...loaded.problems.map((p) => `--profile: ${p}`));
    profile = loaded.profile ?? null;
  }
  const resolved = spec.resolve(flags, { cwd, profile, args, env });
  const { outputs, problems: outputProblems } = resolveOutputs(flags, cwd, Object.keys(spec.files));
  const { tags, problems: tagProblems } = resolveTags(flags);
  problems.push(...resolved.problems, ...outputProblems, ...tagProblems);
  if (problems.length || resolved.plan === undefined) throw new InputError(problems.length ? problems : ['nothing to run']);
  return { spec, plan: resolved.plan, outputs, tags };
}

export interface ExecuteOptions {
  signal?: AbortSignal;
  progress?: (text: string) => void;
  /** Told when the embedded reference server is being started, and of milestones (RunHooks.note). */
  announce?: (text: string) => void;
}

/** Target → run → judge. Throws TargetError when the embedded server cannot start; never for what a target does. */
export async function execute<Plan, R extends Judged>(p: Prepared<Plan, R>, o: ExecuteOptions = {}): Promise<R> {
  const signal = o.signal ?? new AbortController().signal;
  const progress = o.progress ?? (() => {});
  const note = o.announce ?? (() => {});
  const target = p.spec.target(p.plan);
  const go = async (t: TargetInfo | null) => withTags(p.spec.judge(p.plan, t, await p.spec.run(p.plan, t, { signal, progress, note })), p.tags);
  if (target === false) return go(null);
  return onTarget(target, signal, note, go);
}

/** What a finished run produces for the process: the files are written; these are for the streams. */
export interface Emitted<R extends Judged = Judged> {
  result: R;
  exitCode: number;
  /** The JSON when --json is '-'. */
  stdoutJson: string | null;
  /** Report files that could not be written. */
  problems: string[];
}

/** The process exit code: the verdict's (or the one the command exits on), 2 instead of 0 when a report failed. */
function exitOf<Plan, R extends Judged>(p: Prepared<Plan, R>, r: R, reportsFailed: boolean): number {
  return p.spec.exitCode ? afterReports(p.spec.exitCode(p.plan, r), reportsFailed) : exitCodeOf(r.verdict, reportsFailed);
}

/**
 * Write the report files and --json from the result. A file that cannot be written changes
 * the exit code (exitCodeOf); the files already written are written again, so every file, the
 * JSON and the table carry the code the process returns.
 */
export function emit<Plan, R extends Judged>(p: Prepared<Plan, R>, judged: R): Emitted<R> {
  const { files, intervalS, jsonToStdout } = p.outputs;
  const problems: string[] = [];
  const written = files.filter((f) => {
    const problem = writeOutput(f, judged, intervalS, p.spec.files);
    if (problem) problems.push(problem);
    return !problem;
  });
  let result = judged;
  const exitCode = exitOf(p, judged, problems.length > 0);
  if (problems.length && exitCode !== judged.exit_code && !p.spec.exitCode) {
    result = { ...judged, exit_code: exitCode, warnings: [...judged.warnings, ...problems.map((x) => `not written: ${x}`)] };
    for (const f of written) {
      const again = writeOutput(f, result, intervalS, p.spec.files);
      if (again) problems.push(again);
    }
  }
  const json = p.spec.files.json;
  return { result, exitCode, stdoutJson: jsonToStdout && json ? json(result, intervalS) : null, problems };
}
