/** `pipebench compare BASE.json NEW.json`: what got better or worse, beyond tolerance and noise. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { EXIT, InputError, type Io } from './io.js';
import { collect, useColor } from './options.js';
import { outputFileProblem } from './outputs.js';
import { readResult } from '../report/read-result.js';
import { compareResults, type Comparison } from '../compare/compare.js';
import { shapeDifferences } from '../compare/shape.js';
import { renderComparisonMarkdown, renderComparisonText, type CompareContext } from '../compare/render.js';
import { METRIC_NAMES } from '../evaluate/metrics.js';

export function registerCompare(program: Command, io: Io, setCode: (code: number) => void): void {
  program
    .command('compare')
    .description('compare two results: p50/p95/p99 and rates, better/same/worse beyond tolerance and noise (exit 1 when worse)')
    .argument('<base>', 'the baseline result JSON (from --json)')
    .argument('<new>', 'the result JSON to judge against it')
    .option('--tolerance <pct>', "relative change that still counts as the same: '10%' (default), or per metric 'chunk_rtt_ms=5%' (repeatable)", collect)
    .option('--markdown <file>', 'also write the comparison as Markdown')
    .option('--json <file>', 'also write the comparison as JSON')
    .option('--force', 'compare runs of different scenarios (sessions, chunk size, sample rate, stages, command) anyway')
    .addOption(new Option('--no-color', 'no colour'))
    .action((base: string, next: string, _opts, cmd: Command) => {
      setCode(compare(base, next, cmd, io));
    });
}

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

function compare(basePath: string, newPath: string, cmd: Command, io: Io): number {
  const opts = cmd.opts() as { tolerance?: string[]; markdown?: string; json?: string; force?: boolean; color?: boolean };
  const a = readResult(basePath, io.cwd);
  const b = readResult(newPath, io.cwd);
  const tol = parseTolerances(opts.tolerance);
  const problems = [...a.problems, ...b.problems, ...tol.problems];
  for (const name of ['markdown', 'json'] as const) {
    const problem = outputFileProblem(name, opts[name], io.cwd);
    if (problem) problems.push(problem);
  }
  const differences = a.result && b.result ? shapeDifferences(a.result, b.result) : [];
  if (differences.length && !opts.force) {
    problems.push(`the runs have different scenarios, so their numbers differ by design: ${differences.join('; ')} (--force compares them anyway)`);
  }
  if (problems.length || !a.result || !b.result) throw new InputError(problems);
  const cmp = compareResults(a.result, b.result, { tolerance: tol.tolerance, metricTolerance: tol.metricTolerance });
  const ctx: CompareContext = { baseLabel: basePath, newLabel: newPath, forcedDifferences: differences };
  const code = cmp.counts.worse > 0 ? EXIT.thresholdsFailed : EXIT.pass;
  io.stdout.write(renderComparisonText(cmp, ctx, { color: useColor(io, opts.color) }));
  if (opts.markdown) writeFileSync(resolve(io.cwd, opts.markdown), renderComparisonMarkdown(cmp, ctx));
  if (opts.json) writeFileSync(resolve(io.cwd, opts.json), comparisonJson(cmp, ctx, tol, code));
  return code;
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
