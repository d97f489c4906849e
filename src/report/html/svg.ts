/**
 * Hand-made SVG charts for the HTML report: line charts (with gaps for missing values and
 * dashed threshold lines) and stacked bars. Hand-made rather than a charting library because the
 * report must be one self-contained file with no network and no script: these functions emit
 * finished SVG markup in Node, so the page needs no JavaScript at all, costs no dependency, and
 * looks the same in every browser and in a CI artifact viewer. Pure string builders.
 *
 * Hover values come from SVG <title> tooltips on transparent bands across the plot: one band per
 * x value for short series, per group of x values for long ones, always summarising the exact
 * values (the drawn line alone is thinned, see ./scale.ts).
 */
import { downsample, hoverBands, niceTicks, shortNum, yRange, type Band } from './scale.js';

export { niceTicks, shortNum } from './scale.js';

/** Escape text for HTML/SVG content and attributes. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface Series {
  name: string;
  color: string;
  /** [x, y]; a null y breaks the line. */
  points: Array<[number, number | null]>;
  dash?: string;
}

export interface Tick {
  v: number;
  label: string;
}

export interface ChartSpec {
  /** Accessible name and visible heading of the chart. */
  title: string;
  /** Axis titles, with their units, e.g. "time into the run (s)". */
  xLabel: string;
  yLabel: string;
  /** How hover text names an x value and the unit of x and y values, e.g. 't', ' s', ' ms'. */
  xName: string;
  xUnit: string;
  yUnit: string;
  series: Series[];
  /** Horizontal reference lines, e.g. thresholds: drawn when inside the data's range, listed under the chart when not. */
  hLines?: Array<{ y: number; label: string; color: string }>;
  /** Explicit x ticks (e.g. a log-percentile axis); default: nice ticks over the data. */
  xTicks?: Tick[];
  /** Whole-number ticks (counts: sessions, errors). */
  xInteger?: boolean;
  yInteger?: boolean;
  /** Explicit y bounds; by default 0 (or, with yFit 'data', just below the data) to the data's max. */
  yMin?: number;
  yMax?: number;
  yFit?: 'zero' | 'data';
  yFormat?: (v: number) => string;
  /** Stacked bars per x, drawn under the lines: each bar is segments of [name, value]. */
  bars?: { colors: Record<string, string>; stacks: Array<{ x: number; segments: Array<[string, number]> }> };
}

const W = 760;
const H = 280;
const M = { l: 64, r: 32, t: 16, b: 46 };
/** Drawn lines keep about 2 × this many points; hover bands are at most HOVER of them (~3 px each). */
const DRAW_BUCKETS = 350;
const HOVER = 240;
const round = (v: number) => Math.round(v * 10) / 10;

interface Frame {
  x: (v: number) => number;
  y: (v: number) => number;
  xs: Tick[];
  ys: number[];
  y0: number;
  y1: number;
}

const stackTotal = (b: { segments: Array<[string, number]> }) => b.segments.reduce((a, [, v]) => a + v, 0);

function frame(spec: ChartSpec): Frame {
  // A bar covers its interval [x, x + step), so the axis reaches the end of the last one.
  const barEnd = spec.bars?.stacks.length ? [spec.bars.stacks[spec.bars.stacks.length - 1].x + barStep(spec.bars.stacks)] : [];
  const xsAll = [...spec.series.flatMap((s) => s.points.map((p) => p[0])), ...(spec.bars?.stacks.map((b) => b.x) ?? []), ...barEnd];
  const ysAll = [
    ...spec.series.flatMap((s) => s.points.map((p) => p[1]).filter((v): v is number => v !== null)),
    ...(spec.bars?.stacks.map(stackTotal) ?? []),
  ];
  const x0 = spec.xTicks ? Math.min(...spec.xTicks.map((t) => t.v)) : Math.min(...xsAll, 0);
  const x1 = spec.xTicks ? Math.max(...spec.xTicks.map((t) => t.v)) : Math.max(...xsAll, x0 + 1);
  const ys = yRange(ysAll, { min: spec.yMin, max: spec.yMax, fit: spec.yFit, integer: spec.yInteger });
  const y0 = ys[0];
  const y1 = Math.max(ys[ys.length - 1], y0 + 1e-9);
  const xs = spec.xTicks ?? niceTicks(x0, x1, 8, spec.xInteger).filter((v) => v >= x0 && v <= x1).map((v) => ({ v, label: shortNum(v) }));
  return {
    x: (v) => round(M.l + ((v - x0) / (x1 - x0 || 1)) * (W - M.l - M.r)),
    y: (v) => round(H - M.b - ((v - y0) / (y1 - y0)) * (H - M.t - M.b)),
    xs,
    ys,
    y0,
    y1,
  };
}

function axes(spec: ChartSpec, f: Frame): string {
  const fmt = spec.yFormat ?? shortNum;
  const grid = f.ys.map((v) => `<line class="grid" x1="${M.l}" x2="${W - M.r}" y1="${f.y(v)}" y2="${f.y(v)}"/>` +
    `<text class="tick" x="${M.l - 6}" y="${f.y(v) + 4}" text-anchor="end">${esc(fmt(v))}</text>`);
  const xt = f.xs.map((t) => `<text class="tick" x="${f.x(t.v)}" y="${H - M.b + 16}" text-anchor="middle">${esc(t.label)}</text>`);
  return [
    ...grid,
    ...xt,
    `<line class="axis" x1="${M.l}" x2="${W - M.r}" y1="${H - M.b}" y2="${H - M.b}"/>`,
    `<line class="axis" x1="${M.l}" x2="${M.l}" y1="${M.t}" y2="${H - M.b}"/>`,
    `<text class="label" x="${(M.l + W - M.r) / 2}" y="${H - 8}" text-anchor="middle">${esc(spec.xLabel)}</text>`,
    `<text class="label" transform="translate(14 ${(M.t + H - M.b) / 2}) rotate(-90)" text-anchor="middle">${esc(spec.yLabel)}</text>`,
  ].join('');
}

/** Polylines for one series (thinned when long), split where values are missing; dots when there are few points. */
function seriesPath(s: Series, f: Frame): string {
  const runs: string[][] = [[]];
  for (const [x, y] of downsample(s.points, DRAW_BUCKETS)) {
    if (y === null) runs.push([]);
    else runs[runs.length - 1].push(`${f.x(x)},${f.y(y)}`);
  }
  const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
  const lines = runs.filter((r) => r.length > 0).map((r) =>
    r.length === 1
      ? `<circle cx="${r[0].split(',')[0]}" cy="${r[0].split(',')[1]}" r="2.5" fill="${s.color}"/>`
      : `<polyline class="series" points="${r.join(' ')}" stroke="${s.color}"${dash}/>`);
  const dots = s.points.length <= 60
    ? s.points.filter((p): p is [number, number] => p[1] !== null).map(([x, y]) => `<circle class="dot" cx="${f.x(x)}" cy="${f.y(y)}" r="2" fill="${s.color}"/>`)
    : [];
  return `<g data-series="${esc(s.name)}">${lines.join('')}${dots.join('')}</g>`;
}

/** Long bar series keep, per group of bars, the one with the largest total: a spike keeps its height. */
function thinBars(stacks: NonNullable<ChartSpec['bars']>['stacks']) {
  if (stacks.length <= DRAW_BUCKETS) return stacks;
  const out: typeof stacks = [];
  const size = Math.ceil(stacks.length / DRAW_BUCKETS);
  for (let i = 0; i < stacks.length; i += size) {
    const group = stacks.slice(i, i + size);
    out.push(group.reduce((a, b) => (stackTotal(b) > stackTotal(a) ? b : a)));
  }
  return out;
}

/** The x distance between neighbouring bars (1 when there is one). */
function barStep(stacks: Array<{ x: number }>): number {
  let step = Infinity;
  for (let i = 1; i < stacks.length; i++) step = Math.min(step, stacks[i].x - stacks[i - 1].x);
  return Number.isFinite(step) && step > 0 ? step : 1;
}

function barsPath(spec: ChartSpec, f: Frame): string {
  if (!spec.bars || spec.bars.stacks.length === 0) return '';
  const stacks = thinBars(spec.bars.stacks);
  const width = Math.max(1, (f.x(barStep(stacks)) - f.x(0)) * 0.8);
  const rects = stacks.flatMap((b) => {
    let base = 0;
    return b.segments.filter(([, v]) => v > 0).map(([name, v]) => {
      const top = f.y(base + v);
      const h = round(f.y(base) - top);
      base += v;
      return `<rect x="${round(f.x(b.x) + width / 8)}" y="${top}" width="${round(width)}" height="${h}" fill="${spec.bars!.colors[name] ?? '#888'}"/>`;
    });
  });
  return `<g class="bars">${rects.join('')}</g>`;
}

/** The hover text of one band: exact values, or each series' max (and where) and min over the band. */
function bandText(spec: ChartSpec, b: Band): string {
  const xs = (v: number) => `${shortNum(v)}${spec.xUnit}`;
  const ys = (v: number) => `${shortNum(v)}${spec.yUnit}`;
  const head = b.x0 === b.x1 ? `${spec.xName} ${xs(b.x0)}` : `${spec.xName} ${xs(b.x0)} to ${xs(b.x1)}`;
  const lines = b.values.filter((v) => v.n > 0).map((v) =>
    v.n === 1 || v.min === v.max ? `${v.name}: ${ys(v.max!)}` : `${v.name}: max ${ys(v.max!)} at ${xs(v.maxAt!)}, min ${ys(v.min!)}`);
  return [head, ...(lines.length ? lines : ['no values'])].join('\n');
}

/** Transparent bands across the plot, each with the values under it as a tooltip. */
function hoverPath(spec: ChartSpec, f: Frame): string {
  const series: Array<{ name: string; points: Array<[number, number | null]> }> = [...spec.series];
  for (const name of Object.keys(spec.bars?.colors ?? {})) {
    series.push({ name, points: spec.bars!.stacks.map((b) => [b.x, b.segments.find(([k]) => k === name)?.[1] ?? 0]) });
  }
  const bands = hoverBands(series, HOVER);
  const rects = bands.map((b, i) => {
    const left = i === 0 ? M.l : round((f.x(bands[i - 1].x1) + f.x(b.x0)) / 2);
    const right = i === bands.length - 1 ? W - M.r : round((f.x(b.x1) + f.x(bands[i + 1].x0)) / 2);
    return `<rect x="${left}" y="${M.t}" width="${round(Math.max(0.5, right - left))}" height="${H - M.t - M.b}"><title>${esc(bandText(spec, b))}</title></rect>`;
  });
  return `<g class="hover">${rects.join('')}</g>`;
}

function legend(spec: ChartSpec): string {
  const items = [
    ...spec.series.map((s) => [s.name, s.color, s.dash ?? ''] as const),
    ...Object.entries(spec.bars?.colors ?? {}).map(([n, c]) => [n, c, 'bar'] as const),
  ];
  return `<div class="legend">${items
    .map(([n, c, d]) => `<span><i style="background:${c}"${d === 'bar' ? ' class="bar"' : ''}></i>${esc(n)}</span>`)
    .join('')}</div>`;
}

/** Reference lines inside the y range, drawn; the others, a note saying where they are. */
function referenceLines(spec: ChartSpec, f: Frame): { svg: string; note: string } {
  const lines = spec.hLines ?? [];
  const inside = lines.filter((h) => h.y >= f.y0 && h.y <= f.y1);
  const outside = lines.filter((h) => !inside.includes(h));
  const svg = inside.map((h) =>
    `<g class="threshold"><line x1="${M.l}" x2="${W - M.r}" y1="${f.y(h.y)}" y2="${f.y(h.y)}" stroke="${h.color}" stroke-dasharray="6 4"/>` +
    `<text x="${W - M.r - 4}" y="${f.y(h.y) - 4}" text-anchor="end" fill="${h.color}">${esc(h.label)}</text></g>`).join('');
  const where = (h: { y: number }) => (h.y > f.y1 ? 'above' : 'below');
  const note = outside.length
    ? `<p class="note">Not drawn, outside the data's range (${shortNum(f.y0)} to ${shortNum(f.y1)}${spec.yUnit}): ` +
      `${outside.map((h) => `${esc(h.label)} (${shortNum(h.y)}${spec.yUnit}, ${where(h)})`).join('; ')}.</p>`
    : '';
  return { svg, note };
}

/** A finished chart: heading, SVG, legend and any note about reference lines off the chart. */
export function lineChart(spec: ChartSpec): string {
  const f = frame(spec);
  const refs = referenceLines(spec, f);
  const body = [axes(spec, f), barsPath(spec, f), ...spec.series.map((s) => seriesPath(s, f)), refs.svg, hoverPath(spec, f)].join('');
  return `<figure class="chart"><figcaption>${esc(spec.title)}</figcaption>` +
    `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(spec.title)}" xmlns="http://www.w3.org/2000/svg">${body}</svg>` +
    `${legend(spec)}${refs.note}</figure>`;
}
