/** What every load command does with its result: --json, report files, the table; and its profile flag. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { Io } from './io.js';
import { useColor } from './options.js';
import { outputFileProblem, validateOutputFlags, writeOutputs } from './outputs.js';
import { loadProfile, type Profile } from '../profile.js';
import { renderJson, type Result } from '../report/result.js';

/** --json, --quiet and --no-color, the same on every load command. */
export function addResultOptions(cmd: Command): Command {
  return cmd
    .option('--json <file>', "write the result JSON to a file ('-' = stdout)")
    .option('-q, --quiet', 'no progress and no table (the exit code and --json still report)')
    .addOption(new Option('--no-color', 'no colour in the table'));
}

/** Problems with --json and the report-file flags, found before anything runs. */
export function validateResultFlags(flags: Record<string, unknown>, cwd: string): string[] {
  const json = flags.json === '-' ? undefined : outputFileProblem('json', flags.json, cwd);
  return [...(json ? [json] : []), ...validateOutputFlags(flags, cwd)];
}

/** Where the report goes. */
export interface ReportOptions {
  json: string | null;
  quiet: boolean;
  color: boolean;
  /** The typed flags, for the report files of ./outputs.js (--junit, --html, ...). */
  flags: Record<string, unknown>;
}

/** The profile named by --profile (or `fallback`), with its problems prefixed for the usage error. */
export function profileFlag(flags: Record<string, unknown>, fallback: string, io: Io): { profile: Profile | null; problems: string[] } {
  const loaded = loadProfile(String(flags.profile ?? fallback), io.cwd);
  return { profile: loaded.profile ?? null, problems: loaded.problems.map((p) => `--profile: ${p}`) };
}

/** --json, --quiet, colour and the report files from the parsed command. */
export function reportOptions(cmd: Command, flags: Record<string, unknown>, io: Io): ReportOptions {
  return {
    json: typeof flags.json === 'string' ? flags.json : null, quiet: flags.quiet === true,
    color: useColor(io, cmd.opts().color as boolean), flags,
  };
}

/**
 * --json to a file or stdout, the report files, and the table to stdout (stderr when stdout
 * carries the JSON). Files that cannot be written are reported on stderr and returned.
 */
export function emitReport(r: Result, table: string, io: Io, out: ReportOptions): string[] {
  const json = renderJson(r);
  const problems: string[] = [];
  if (out.json === '-') io.stdout.write(json);
  else if (out.json) {
    try {
      writeFileSync(resolve(io.cwd, out.json), json);
    } catch (err) {
      problems.push(`--json ${out.json}: cannot write it: ${(err as Error).message}`);
    }
  }
  problems.push(...writeOutputs(r, out.flags, io));
  for (const p of problems) io.stderr.write(`pipebench: ${p}\n`);
  if (!out.quiet) (out.json === '-' ? io.stderr : io.stdout).write(table);
  return problems;
}
