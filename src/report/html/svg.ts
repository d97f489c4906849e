/**
 * Hand-made SVG charts for the HTML report: line charts (with gaps for missing values and
 * dashed threshold lines) and stacked bars. Hand-made rather than a charting library because the
 * report must be one self-contained file with no network and no script: these functions emit
 * finished SVG markup in Node, so the page needs no JavaScript at all, costs no dependency, and
 * looks the same in every browser and in a CI artifact viewer. Pure string builders.
 */

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
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Horizontal reference lines, e.g. thresholds. */
  hLines?: Array<{ y: number; label: string; color: string }>;
  /** Explicit x ticks (e.g. a log-percentile axis); default: nice ticks over the data. */
  xTicks?: Tick[];
  /** Lower/upper y bounds; by default 0 to the data's max (and the reference lines'). */
  yMin?: number;
  yMax?: number;
  yFormat?: (v: number) => string;
  /** Stacked bars per x, drawn under the lines: each bar is segments of [name, value]. */
  bars?: { colors: Record<string, string>; stacks: Array<{ x: number; segments: Array<[string, number]> }> };
}

const W = 760;
const H = 280;
const M = { l: 64, r: 32, t: 16, b: 46 };
const round = (v: number) => Math.round(v * 10) / 10;

/** About `count` round tick values covering [min, max], the last one at or above max. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  // The last tick is at or above max, so the data never leaves the plot.
  const last = Math.ceil(max / step - 1e-9) * step;
  for (let v = Math.ceil(min / step) * step; v <= last + step * 1e-9; v += step) ticks.push(+v.toPrecision(12));
  return ticks;
}

/** A short label for an axis value. */
export function shortNum(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toFixed(1)}k`;
  return String(+v.toFixed(a < 1 ? 3 : a < 10 ? 2 : 1));
}

interface Frame {
  x: (v: number) => number;
  y: (v: number) => number;
  xs: Tick[];
  ys: number[];
}

function frame(spec: ChartSpec): Frame {
  const xsAll = [...spec.series.flatMap((s) => s.points.map((p) => p[0])), ...(spec.bars?.stacks.map((b) => b.x) ?? [])];
  const ysAll = [
    ...spec.series.flatMap((s) => s.points.map((p) => p[1]).filter((v): v is number => v !== null)),
    ...(spec.bars?.stacks.map((b) => b.segments.reduce((a, [, v]) => a + v, 0)) ?? []),
    ...(spec.hLines?.map((h) => h.y) ?? []),
  ];
  const x0 = spec.xTicks ? Math.min(...spec.xTicks.map((t) => t.v)) : Math.min(...xsAll, 0);
  const x1 = spec.xTicks ? Math.max(...spec.xTicks.map((t) => t.v)) : Math.max(...xsAll, x0 + 1);
  const y0 = spec.yMin ?? 0;
  const ys = niceTicks(y0, spec.yMax ?? Math.max(...ysAll, y0 + 1));
  const y1 = Math.max(ys[ys.length - 1], y0 + 1e-9);
  const xs = spec.xTicks ?? niceTicks(x0, x1, 8).map((v) => ({ v, label: shortNum(v) }));
  return {
    x: (v) => round(M.l + ((v - x0) / (x1 - x0 || 1)) * (W - M.l - M.r)),
    y: (v) => round(H - M.b - ((v - y0) / (y1 - y0)) * (H - M.t - M.b)),
    xs,
    ys,
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

/** Polylines for one series, split where values are missing; dots with tooltips when there are few points. */
function seriesPath(s: Series, f: Frame): string {
  const runs: string[][] = [[]];
  for (const [x, y] of s.points) {
    if (y === null) runs.push([]);
    else runs[runs.length - 1].push(`${f.x(x)},${f.y(y)}`);
  }
  const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
  const lines = runs.filter((r) => r.length > 0).map((r) =>
    r.length === 1
      ? `<circle cx="${r[0].split(',')[0]}" cy="${r[0].split(',')[1]}" r="2.5" fill="${s.color}"/>`
      : `<polyline class="series" points="${r.join(' ')}" stroke="${s.color}"${dash}/>`);
  const dots = s.points.length <= 60
    ? s.points.filter((p): p is [number, number] => p[1] !== null)
        .map(([x, y]) => `<circle class="dot" cx="${f.x(x)}" cy="${f.y(y)}" r="2" fill="${s.color}"><title>${esc(s.name)}: ${shortNum(y)} at ${shortNum(x)}</title></circle>`)
    : [];
  return `<g data-series="${esc(s.name)}">${lines.join('')}${dots.join('')}</g>`;
}

function barsPath(spec: ChartSpec, f: Frame): string {
  if (!spec.bars || spec.bars.stacks.length === 0) return '';
  const xs = spec.bars.stacks.map((b) => b.x);
  const step = xs.length > 1 ? Math.min(...xs.slice(1).map((x, i) => x - xs[i])) : 1;
  const width = Math.max(1, (f.x(step) - f.x(0)) * 0.7);
  const rects = spec.bars.stacks.flatMap((b) => {
    let base = 0;
    return b.segments.filter(([, v]) => v > 0).map(([name, v]) => {
      const top = f.y(base + v);
      const h = round(f.y(base) - top);
      base += v;
      return `<rect x="${round(f.x(b.x) - width / 2)}" y="${top}" width="${round(width)}" height="${h}" fill="${spec.bars!.colors[name] ?? '#888'}"><title>${esc(name)}: ${v} at ${shortNum(b.x)}</title></rect>`;
    });
  });
  return `<g class="bars">${rects.join('')}</g>`;
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

/** A finished chart: heading, SVG and legend. */
export function lineChart(spec: ChartSpec): string {
  const f = frame(spec);
  const hl = (spec.hLines ?? []).map((h) =>
    `<g class="threshold"><line x1="${M.l}" x2="${W - M.r}" y1="${f.y(h.y)}" y2="${f.y(h.y)}" stroke="${h.color}" stroke-dasharray="6 4"/>` +
    `<text x="${W - M.r - 4}" y="${f.y(h.y) - 4}" text-anchor="end" fill="${h.color}">${esc(h.label)}</text></g>`);
  const body = [axes(spec, f), barsPath(spec, f), ...spec.series.map((s) => seriesPath(s, f)), ...hl].join('');
  return `<figure class="chart"><figcaption>${esc(spec.title)}</figcaption>` +
    `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(spec.title)}" xmlns="http://www.w3.org/2000/svg">${body}</svg>` +
    `${legend(spec)}</figure>`;
}
