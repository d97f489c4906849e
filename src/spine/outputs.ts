/**
 * The result JSON and report files (--json, --junit, --html, --summary-md, --timeline): checked
 * before anything starts, rendered from the final result, written once each. Checking catches a
 * missing directory, a path that is a directory and a file that cannot be written, so a
 * 10-minute run is not lost to a typo; writing returns problems instead of throwing, so one
 * failed file never hides the others or the verdict.
 */
import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { renderJson } from '../report/result.js';
import { renderJunit } from '../report/junit.js';
import { renderTimelineJsonl } from '../report/timeline-jsonl.js';
import { renderHtml } from '../report/html.js';
import { renderMarkdown } from '../report/markdown.js';
import { parseDurationMs } from '../units.js';
import type { AnyResult, FileRenderers, RawFlags } from './spec.js';

/** The report files of a result document (the flags of OUTPUT_FLAGS): flag → renderer. `json` is the document itself. */
export const REPORT_FILES: FileRenderers<AnyResult> = {
  junit: (r) => renderJunit(r),
  html: (r) => renderHtml(r),
  'summary-md': (r) => renderMarkdown(r),
  timeline: (r, intervalS) => renderTimelineJsonl(r, { intervalS }),
  json: (r) => renderJson(r),
};

/** A file's usual extension, for the example in a message. */
const EXTENSION: Readonly<Record<string, string>> = { junit: 'xml', html: 'html', 'summary-md': 'md', markdown: 'md', timeline: 'jsonl' };

/** The validated outputs of a run. `stdout` is the JSON's destination when --json is '-'. */
export interface Outputs {
  /** Files to write, in order; paths absolute. */
  files: ReadonlyArray<{ flag: string; path: string; shown: string }>;
  jsonToStdout: boolean;
  intervalS: number;
}

/** The --interval in whole seconds, or a problem. */
export function parseInterval(value: unknown): { intervalS?: number; problem?: string } {
  if (value === undefined) return { intervalS: 1 };
  const ms = typeof value === 'string' ? parseDurationMs(value, 's') : undefined;
  if (ms === undefined || ms <= 0 || ms % 1000 !== 0) {
    return { problem: `--interval: "${String(value)}" is not a whole number of seconds; the timeline has 1s resolution, e.g. 1s, 5s, 1m` };
  }
  return { intervalS: ms / 1000 };
}

function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return `${e.code ? `${e.code}: ` : ''}${e.message.replace(/^\w+: /, '')}`;
}

/**
 * What is wrong with writing `value` as the file of `--flag`, if anything: not a path, an
 * existing directory, a missing or unwritable directory, an existing file that cannot be written.
 */
export function outputFileProblem(flag: string, value: unknown, cwd: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value === '-') return `--${flag}: expected a file path, got ${JSON.stringify(value)}`;
  const path = resolve(cwd, value);
  const dir = dirname(path);
  let target: ReturnType<typeof statSync> | undefined;
  try {
    target = statSync(path);
  } catch {
    target = undefined;
  }
  if (target?.isDirectory()) return `--${flag} ${value}: is a directory; give a file name, e.g. ${value.replace(/\/*$/, '')}/result.${EXTENSION[flag] ?? 'json'}`;
  try {
    if (!statSync(dir).isDirectory()) return `--${flag} ${value}: ${dir} is not a directory`;
  } catch {
    return `--${flag} ${value}: the directory ${dir} does not exist; create it first`;
  }
  try {
    accessSync(target ? path : dir, constants.W_OK);
  } catch (err) {
    return `--${flag} ${value}: cannot write ${target ? 'the file' : `in ${dir}`} (${errnoText(err)})`;
  }
  return undefined;
}

/** The report file flags `names` (a command's `files`) checked; every problem at once. */
export function resolveOutputs(flags: RawFlags, cwd: string, names: readonly string[] = Object.keys(REPORT_FILES)): { outputs: Outputs; problems: string[] } {
  const problems: string[] = [];
  const files: Array<{ flag: string; path: string; shown: string }> = [];
  const seen = new Map<string, string>();
  for (const flag of names) {
    const value = flags[flag];
    if (value === undefined || (flag === 'json' && value === '-')) continue;
    const problem = outputFileProblem(flag, value, cwd);
    if (problem) {
      problems.push(problem);
      continue;
    }
    const path = resolve(cwd, String(value));
    const other = seen.get(path);
    if (other) problems.push(`--${flag} ${String(value)}: --${other} writes the same file; give each report its own file`);
    seen.set(path, flag);
    files.push({ flag, path, shown: String(value) });
  }
  const interval = parseInterval(flags.interval);
  if (interval.problem) problems.push(interval.problem);
  else if (flags.interval !== undefined && flags.timeline === undefined) problems.push('--interval applies to --timeline; add --timeline <file>');
  return { outputs: { files, jsonToStdout: names.includes('json') && flags.json === '-', intervalS: interval.intervalS ?? 1 }, problems };
}

/** Render and write one output file; a problem naming the flag and path when it could not be written. */
export function writeOutput<R>(file: Outputs['files'][number], result: R, intervalS: number, renderers: FileRenderers<R>): string | undefined {
  try {
    writeFileSync(file.path, renderers[file.flag](result, intervalS));
    return undefined;
  } catch (err) {
    return `--${file.flag} ${file.shown}: cannot write it (${errnoText(err)})`;
  }
}
