/**
 * The report files every load command (and `report`) can write besides --json: JUnit XML,
 * timeline JSON Lines, a self-contained HTML report and a Markdown summary. Flags are checked
 * before the run (a missing output directory should not cost a 10-minute run); writing returns
 * problems instead of throwing, so one unwritable file never hides the others or the verdict.
 */
import { statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Io } from './io.js';
import type { Result } from '../report/result.js';
import { renderJunit } from '../report/junit.js';
import { renderTimelineJsonl } from '../report/timeline-jsonl.js';
import { renderHtml } from '../report/html.js';
import { renderMarkdown } from '../report/markdown.js';

/** Output flag (long name) → how to render it. */
const OUTPUTS = {
  junit: (r: Result) => renderJunit(r),
  timeline: (r: Result, intervalS: number) => renderTimelineJsonl(r, { intervalS }),
  html: (r: Result) => renderHtml(r),
  'summary-md': (r: Result) => renderMarkdown(r),
} as const;
type OutputFlag = keyof typeof OUTPUTS;
const FLAGS = Object.keys(OUTPUTS) as OutputFlag[];

/** Add --junit, --timeline, --interval, --html and --summary-md to a command. */
export function addOutputOptions(cmd: Command): Command {
  return cmd
    .option('--junit <file>', 'write JUnit XML: one test case per threshold (and per check)')
    .option('--timeline <file>', 'write the timeline as JSON Lines: one record per interval')
    .option('--interval <time>', 'timeline interval, a whole number of seconds (default 1s)')
    .option('--html <file>', 'write a self-contained HTML report with charts')
    .option('--summary-md <file>', 'write a short Markdown summary (e.g. to $GITHUB_STEP_SUMMARY)');
}

/** Flags as typedOptions gives them (long names), or as commander's opts() (camelCase). */
function flagValue(flags: Record<string, unknown>, name: OutputFlag | 'interval'): unknown {
  return flags[name] ?? flags[name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())];
}

export { parseInterval } from '../spine/outputs.js';
import { parseInterval } from '../spine/outputs.js';

/** The problem with an output file flag's value (`--name value`), if any: not a path, or its directory is missing. */
export function outputFileProblem(name: string, value: unknown, cwd: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value === '-') return `--${name}: expected a file path, got ${JSON.stringify(value)}`;
  const dir = dirname(resolve(cwd, value));
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  return isDir ? undefined : `--${name} ${value}: the directory ${dir} does not exist; create it first`;
}

/** Problems with the output flags, found before anything runs; every one, at once. */
export function validateOutputFlags(flags: Record<string, unknown>, cwd: string = process.cwd()): string[] {
  const problems = FLAGS.map((name) => outputFileProblem(name, flagValue(flags, name), cwd)).filter((p): p is string => p !== undefined);
  const interval = flagValue(flags, 'interval');
  const parsed = parseInterval(interval);
  if (parsed.problem) problems.push(parsed.problem);
  else if (interval !== undefined && flagValue(flags, 'timeline') === undefined) problems.push('--interval applies to --timeline; add --timeline <file>');
  return problems;
}

/** Write every requested report file; returns one problem per file that could not be written. */
export function writeOutputs(result: Result, flags: Record<string, unknown>, io: Io): string[] {
  const problems: string[] = [];
  const intervalS = parseInterval(flagValue(flags, 'interval')).intervalS ?? 1;
  for (const name of FLAGS) {
    const path = flagValue(flags, name);
    if (typeof path !== 'string' || path === '') continue;
    try {
      writeFileSync(resolve(io.cwd, path), OUTPUTS[name](result, intervalS));
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      problems.push(`--${name} ${path}: cannot write it: ${e.code ?? ''} ${e.message}`.replace(/\s+/g, ' '));
    }
  }
  return problems;
}
