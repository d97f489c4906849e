/** A comparison as a plain-text table (stdout) and as Markdown (PR comments). Pure; colour is an argument. */
import { painter } from '../report/grid.js';
import { mdTable } from '../report/markdown.js';
import type { Comparison, CompareRow, Outcome } from './compare.js';
import type { Estimate } from './noise.js';

/** What the renderers say about the two inputs besides the rows. */
export interface CompareContext {
  baseLabel: string;
  newLabel: string;
  /** Scenario shape differences that were compared anyway (--force). */
  forcedDifferences: string[];
}

const num = (v: number) => v.toFixed(Math.abs(v) < 1 ? 4 : Math.abs(v) < 10 ? 3 : 1);
const est = (e: Estimate | null) => (e ? `${num(e.value)} [${num(e.low)}–${num(e.high)}]` : '–');
const change = (r: CompareRow) => (r.change === null ? (r.base && r.next ? 'from 0' : '–') : `${r.change >= 0 ? '+' : ''}${(r.change * 100).toFixed(1)} %`);

function cells(r: CompareRow): string[] {
  return [r.metric, r.stat, est(r.base), est(r.next), change(r)];
}

/** Plain text columns padded to width (cli-table3 stays in report/table.ts, its one importer). */
function columns(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function summaryLine(cmp: Comparison): string {
  const c = cmp.counts;
  return `${c.worse} worse, ${c.better} better, ${c.same} same, ${c.inconclusive} inconclusive`;
}

/** The comparison table for the terminal. */
export function renderComparisonText(cmp: Comparison, ctx: CompareContext, opts: { color: boolean }): string {
  const c = painter(opts.color);
  const paint: Record<Outcome, (s: string) => string> = { better: c.green, same: (s) => s, worse: c.red.bold, inconclusive: c.yellow };
  const head = ['metric', 'stat', 'base [95 % interval]', 'new [95 % interval]', 'change', 'outcome'];
  const table = columns(head, cmp.rows.map((r) => [...cells(r), `${r.outcome} (${r.reason})`]));
  // Colour after padding, so escape codes do not break the alignment.
  const coloured = table.split('\n').map((l, i) => (i < 2 ? l : l.replace(/(better|same|worse|inconclusive) \(/, (m, o: Outcome) => `${paint[o](o)} (`)));
  const notes = [
    `pipebench compare: base ${ctx.baseLabel} → new ${ctx.newLabel}`,
    ...ctx.forcedDifferences.map((d) => c.yellow(`warning: compared despite a different scenario (--force): ${d}`)),
    ...cmp.unlike.map((d) => c.yellow(`warning: the runs ran on unlike setups: ${d}`)),
    ...cmp.cautions.map((d) => c.yellow(`warning: ${d}`)),
  ];
  const verdict = cmp.counts.worse > 0 ? c.red.bold(`WORSE: ${summaryLine(cmp)}`) : c.green.bold(`NOT WORSE: ${summaryLine(cmp)}`);
  return `${notes.join('\n')}\n\n${coloured.join('\n')}\n\n${verdict}\n`;
}

/** Figures a PR comment always shows; the others only when they changed (better or worse). */
const HEADLINE = new Set(['chunk_rtt_ms p50', 'chunk_rtt_ms p95', 'chunk_rtt_ms p99', 'success_rate rate', 'error_rate rate', 'chunks_per_s value']);
const EXTRA = 6;
const VERDICT: Record<Outcome, string> = { better: '✅ better', same: 'same', worse: '❌ **worse**', inconclusive: '❔ inconclusive' };

/** A figure with its unit, for people: milliseconds, percentages for rates, chunks/s. */
function shown(r: CompareRow, e: Estimate | null): string {
  if (!e) return '–';
  if (r.stat === 'rate') return `${(e.value * 100).toFixed(e.value > 0 && e.value < 0.001 ? 3 : 2)} %`;
  if (r.metric === 'chunks_per_s') return `${e.value.toFixed(1)}/s`;
  return `${e.value.toFixed(e.value < 10 ? 2 : 1)} ms`;
}

/**
 * The comparison as Markdown sized for a PR comment: one table of metric, base, new, change and
 * verdict (the headline figures, plus any other that got better or worse), the warnings, and the
 * full table with 95 % intervals and reasons folded away in a <details> block.
 */
export function renderComparisonMarkdown(cmp: Comparison, ctx: CompareContext): string {
  const title = cmp.counts.worse > 0 ? '## ❌ pipebench compare: worse' : '## ✅ pipebench compare: not worse';
  const warn = [
    ...ctx.forcedDifferences.map((d) => `- ⚠️ compared despite a different scenario (--force): ${d}`),
    ...cmp.unlike.map((d) => `- ⚠️ unlike setups: ${d}`),
    ...cmp.cautions.map((d) => `- ⚠️ ${d}`),
  ];
  // The headline figures, then at most EXTRA other changed ones (worse first, larger changes first).
  const headline = cmp.rows.filter((r) => HEADLINE.has(`${r.metric} ${r.stat}`));
  const changed = cmp.rows.filter((r) => !headline.includes(r) && (r.outcome === 'worse' || r.outcome === 'better'))
    .sort((a, b) => Number(b.outcome === 'worse') - Number(a.outcome === 'worse') || Math.abs(b.change ?? Infinity) - Math.abs(a.change ?? Infinity));
  const picked = [...headline, ...changed.slice(0, EXTRA)];
  const more = changed.length > EXTRA ? `${changed.length - EXTRA} more changed figures are in the full table below.` : '';
  const rows = picked.map((r) => [r.stat === 'rate' || r.stat === 'value' ? r.metric : `${r.metric} ${r.stat}`, shown(r, r.base), shown(r, r.next), change(r), VERDICT[r.outcome]]);
  const full = cmp.rows.map((r) => [...cells(r), `${r.outcome} (${r.reason})`]);
  return [
    title,
    `\`${ctx.baseLabel}\` → \`${ctx.newLabel}\`: ${summaryLine(cmp)}. Inconclusive: beyond tolerance but within the runs' noise, or too few samples.`,
    mdTable(['metric', 'base', 'new', 'change', 'verdict'], rows, 'lrrrl'),
    more,
    warn.join('\n'),
    `<details><summary>All ${cmp.rows.length} figures, with 95 % intervals</summary>\n\n` +
      `${mdTable(['metric', 'stat', 'base', 'new', 'change', 'outcome'], full, 'llrrrl')}\n\n</details>`,
  ].filter((x) => x !== '').join('\n\n').concat('\n');
}
