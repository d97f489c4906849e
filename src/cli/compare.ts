/** `pipebench compare BASE.json NEW.json`: what got better or worse, beyond tolerance and noise. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT, InputError, type Io } from './io.js';
import type { PlainCommand } from './main.js';
import { useColor } from './options.js';
import { outputFileProblem } from '../spine/outputs.js';
import { readResult } from '../report/read-result.js';
import { compareResults, type Comparison } from '../compare/compare.js';
import { shapeDifferences } from '../compare/shape.js';
import { renderComparisonMarkdown, renderComparisonText, type CompareContext } from '../compare/render.js';
import { METRIC_NAMES } from '../evaluate/metrics.js';
import { afterReports } from '../evaluate/exit-codes.js';
import type { RawFlags } from '../spine/spec.js';

/** `10%`, `10` (percent) or `0.1`? Only the first two: a bare number is percent, as people say it. */
function parsePercent(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  return m ? Number(m[1]) / 100 : undefined;
}

/** The --tolerance values: a default and per-metric ones; every problem at once. */
export function parseTolerances(values: string[] | undefined): { tolerance: number; metricTolerance: Record<string, number>; problems: string[] } {
  const out = { tolerance: 0.1, metricTolerance: {} as Record<string, number>, problems: [] as string[] };
  for (const v of values ?? []) {
    const eq = v.indexOf('=');
    const metric = eq < 0 ? null : v.slice(0, eq).trim();
    const pct = parsePercent(eq < 0 ? v : v.slice(eq + 1));
    if (pct === undefined) out.problems.push(`--tolerance "${v}": expected a percentage such as 10% or chunk_rtt_ms=5%`);
    else if (metric === null) out.tolerance = pct;
    else if (!METRIC_NAMES.includes(metric)) out.problems.push(`--tolerance "${v}": unknown metric "${metric}"; use one of ${METRIC_NAMES.join(', ')}`);
    else out.metricTolerance[metric] = pct;
  }
  return out;
}

async function compare([basePath, newPath]: string[], flags: RawFlags, io: Io): Promise<number> {
  const a = readResult(basePath, io.cwd);
  const b = readResult(newPath, io.cwd);
  const tol = parseTolerances(flags.tolerance as string[] | undefined);
  const problems = [...a.problems, ...b.problems, ...tol.problems];
  for (const name of ['markdown', 'json'] as const) {
    const problem = outputFileProblem(name, flags[name], io.cwd);
    if (problem) problems.push(problem);
  }
  const differences = a.result && b.result ? shapeDifferences(a.result, b.result) : [];
  if (differences.length && flags.force !== true) {
    problems.push(`the runs have different scenarios, so their numbers differ by design: ${differences.join('; ')} (--force compares them anyway)`);
  }
  if (problems.length || !a.result || !b.result) throw new InputError(problems);
  const cmp = compareResults(a.result, b.result, { tolerance: tol.tolerance, metricTolerance: tol.metricTolerance });
  const ctx: CompareContext = { baseLabel: basePath, newLabel: newPath, forcedDifferences: differences };
  const verdictCode = cmp.counts.worse > 0 ? EXIT.thresholdsFailed : EXIT.pass;
  io.stdout.write(renderComparisonText(cmp, ctx, { color: useColor(io, flags.color as boolean | undefined) }));
  const failed: string[] = [];
  const write = (flag: string, text: (code: number) => string) => {
    const path = flags[flag];
    if (typeof path !== 'string') return;
    try {
      writeFileSync(resolve(io.cwd, path), text(verdictCode));
    } catch (err) {
      failed.push(`--${flag} ${path}: cannot write it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  };
  write('markdown', () => renderComparisonMarkdown(cmp, ctx));
  // The JSON carries the code the process returns: written last, after any other file failed.
  write('json', () => comparisonJson(cmp, ctx, tol, afterReports(verdictCode, failed.length > 0)));
  for (const p of failed) io.stderr.write(`pipebench: ${p}\n`);
  return afterReports(verdictCode, failed.length > 0);
}

function comparisonJson(cmp: Comparison, ctx: CompareContext, tol: ReturnType<typeof parseTolerances>, code: number): string {
  const doc = {
    schema: 'pipebench/compare@1',
    base: ctx.baseLabel,
    new: ctx.newLabel,
    tolerance: tol.tolerance,
    metric_tolerance: tol.metricTolerance,
    forced_differences: ctx.forcedDifferences,
    unlike: cmp.unlike,
    cautions: cmp.cautions,
    counts: cmp.counts,
    rows: cmp.rows,
    exit_code: code,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export const compareCommand: PlainCommand = {
  name: 'compare',
  summary: 'compare two results: p50/p95/p99 and rates, better/same/worse beyond tolerance and noise (exit 1 when worse)',
  args: [
    { name: '<base>', help: 'the baseline result JSON (from --json)' },
    { name: '<new>', help: 'the result JSON to judge against it' },
  ],
  flags: [
    { name: 'tolerance', arg: '<pct>', group: 'judge', repeatable: true, help: "relative change that still counts as the same: '10%' (default), or per metric 'chunk_rtt_ms=5%' (repeatable)" },
    { name: 'force', group: 'judge', help: 'compare runs of different scenarios (sessions, chunk size, sample rate, stages, command) anyway' },
    { name: 'markdown', arg: '<file>', group: 'output', help: 'also write the comparison as Markdown' },
    { name: 'json', arg: '<file>', group: 'output', help: 'also write the comparison as JSON' },
    { name: 'no-color', group: 'output', help: 'no colour' },
  ],
  examples: ['pipebench compare baseline.json result.json', "pipebench compare base.json new.json --tolerance 5% --tolerance 'error_rate=50%' --markdown cmp.md"],
  exitCodes: {
    [EXIT.pass]: 'nothing got worse beyond tolerance and noise',
    [EXIT.thresholdsFailed]: 'something got worse',
    [EXIT.usage]: 'unreadable or unlike inputs, bad flags or output path; or an output file could not be written',
  },
  action: compare,
};
