/**
 * `pipebench compare BASE.json NEW.json`: what got better or worse, beyond tolerance and noise.
 * On the runner like every command: resolve (both files read, tolerances parsed, unlike
 * scenarios named: every problem at once) → no target, nothing to run → judge (pure: the
 * comparison document, exit 1 when something got worse) → files (--json, --markdown) → text.
 */
import { compareResults, type Comparison } from '../../compare/compare.js';
import { renderComparisonMarkdown, renderComparisonText, type CompareContext } from '../../compare/render.js';
import { shapeDifferences } from '../../compare/shape.js';
import { EXIT_CODES as E, exitCodeOf, type Verdict } from '../../evaluate/exit-codes.js';
import { METRIC_NAMES } from '../../evaluate/metrics.js';
import { readResult } from '../../report/read-result.js';
import { renderJson, type Result } from '../../report/result.js';
import type { CommandSpec } from '../../spine/spec.js';

interface Tolerances {
  tolerance: number;
  metricTolerance: Record<string, number>;
}

interface Plan extends Tolerances {
  base: Result;
  next: Result;
  ctx: CompareContext;
}

/** The judged comparison (`pipebench/compare@1`): what --json writes; the text and Markdown are rendered from it. */
export interface ComparisonDocument extends Comparison {
  schema: 'pipebench/compare@1';
  base: string;
  new: string;
  tolerance: number;
  metric_tolerance: Record<string, number>;
  forced_differences: string[];
  verdict: Verdict;
  warnings: string[];
  exit_code: number;
}

/** `10%`, `10` (percent) or `0.1`? Only the first two: a bare number is percent, as people say it. */
function parsePercent(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  return m ? Number(m[1]) / 100 : undefined;
}

/** The --tolerance values: a default and per-metric ones; every problem at once. */
export function parseTolerances(values: string[] | undefined): Tolerances & { problems: string[] } {
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

/** The comparison and the labels a renderer needs, from the document. */
const contextOf = (d: ComparisonDocument): CompareContext => ({ baseLabel: d.base, newLabel: d.new, forcedDifferences: d.forced_differences });

/** Judge: something worse beyond tolerance and noise fails (exit 1). Pure. */
function judgeComparison(p: Plan): ComparisonDocument {
  const cmp = compareResults(p.base, p.next, { tolerance: p.tolerance, metricTolerance: p.metricTolerance });
  const verdict: Verdict = cmp.counts.worse > 0 ? 'fail' : 'pass';
  return {
    schema: 'pipebench/compare@1',
    base: p.ctx.baseLabel,
    new: p.ctx.newLabel,
    tolerance: p.tolerance,
    metric_tolerance: p.metricTolerance,
    forced_differences: p.ctx.forcedDifferences,
    unlike: cmp.unlike,
    cautions: cmp.cautions,
    counts: cmp.counts,
    rows: cmp.rows,
    verdict,
    warnings: [],
    exit_code: exitCodeOf(verdict),
  };
}

export const compareSpec: CommandSpec<Plan, null, ComparisonDocument> = {
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
    { name: 'json', arg: '<file>', group: 'output', help: "also write the comparison as JSON ('-' = stdout, the text then goes to stderr)" },
    { name: 'no-color', group: 'output', help: 'no colour' },
  ],
  examples: ['pipebench compare baseline.json result.json', "pipebench compare base.json new.json --tolerance 5% --tolerance 'error_rate=50%' --markdown cmp.md"],
  exitCodes: {
    [E.pass]: 'nothing got worse beyond tolerance and noise',
    [E.thresholdsFailed]: 'something got worse',
    [E.usage]: 'unreadable or unlike inputs, bad flags or output path; or an output file could not be written',
  },
  defaultProfile: null,
  resolve: (flags, { args, cwd }) => {
    const [basePath, newPath] = args;
    const a = readResult(basePath, cwd);
    const b = readResult(newPath, cwd);
    const tol = parseTolerances(flags.tolerance as string[] | undefined);
    const problems = [...a.problems, ...b.problems, ...tol.problems];
    const differences = a.result && b.result ? shapeDifferences(a.result, b.result) : [];
    if (differences.length && flags.force !== true) {
      problems.push(`the runs have different scenarios, so their numbers differ by design: ${differences.join('; ')} (--force compares them anyway)`);
    }
    if (problems.length || !a.result || !b.result) return { problems };
    const ctx = { baseLabel: basePath, newLabel: newPath, forcedDifferences: differences };
    return { plan: { base: a.result, next: b.result, ctx, tolerance: tol.tolerance, metricTolerance: tol.metricTolerance }, problems };
  },
  target: () => false,
  run: async () => null,
  judge: (p) => judgeComparison(p),
  render: (d, opts) => renderComparisonText(d, contextOf(d), opts),
  files: {
    markdown: (d) => renderComparisonMarkdown(d, contextOf(d)),
    json: (d) => renderJson(d),
  },
};
