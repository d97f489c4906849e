/**
 * The arithmetic behind the HTML report's charts: tick values, the y range a series needs,
 * and how a long series is thinned for drawing while every value stays reachable on hover.
 * Pure functions with table tests (test/unit/html-scale.test.ts).
 */

/** About `count` round tick values covering [min, max], the last one at or above max; whole numbers when `integer`. */
export function niceTicks(min: number, max: number, count = 5, integer = false): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  // Counts have no quarter sessions: whole steps of 1, 2 or 5 × 10^k only.
  const mag = integer ? Math.max(1, 10 ** Math.floor(Math.log10(raw))) : 10 ** Math.floor(Math.log10(raw));
  const step = (integer ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10]).map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  const first = Math.floor(min / step + 1e-9) * step;
  const last = Math.ceil(max / step - 1e-9) * step;
  for (let v = first; v <= last + step * 1e-9; v += step) ticks.push(+v.toPrecision(12));
  return ticks;
}

/** A short label for an axis value. */
export function shortNum(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toFixed(1)}k`;
  return String(+v.toFixed(a < 1 ? 3 : a < 10 ? 2 : 1));
}

/**
 * The y range of a chart from its data alone (reference lines never stretch it): from 0 (or,
 * with `fit: 'data'`, from a little below the smallest value) to the data's max, on nice ticks.
 * Bounds given explicitly win.
 */
export function yRange(values: number[], o: { min?: number; max?: number; fit?: 'zero' | 'data'; integer?: boolean } = {}): number[] {
  const finite = values.filter((v) => Number.isFinite(v));
  const hi = o.max ?? (finite.length ? Math.max(...finite) : 1);
  let lo = o.min ?? 0;
  if (o.min === undefined && o.fit === 'data' && finite.length) {
    const dataLo = Math.min(...finite);
    // A little room below the lowest value, so it does not sit on the axis; never below 0.
    lo = Math.max(0, dataLo - Math.max((hi - dataLo) * 0.1, Math.abs(hi) * 0.01));
  }
  const top = hi > lo ? hi : lo + (o.integer ? 1 : Math.max(Math.abs(lo) * 0.1, 1));
  return niceTicks(lo, top, 5, o.integer);
}

/** [first, last) index ranges splitting n items into at most `buckets` consecutive groups. */
export function bucketRanges(n: number, buckets: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const size = Math.max(1, Math.ceil(n / Math.max(1, buckets)));
  for (let i = 0; i < n; i += size) out.push([i, Math.min(n, i + size)]);
  return out;
}

/**
 * A series thinned for drawing to about 2 × `buckets` points: each bucket keeps its lowest and
 * highest value in time order, so spikes survive. A bucket with no value at all keeps a gap (null).
 * Series already short enough are returned as they are.
 */
export function downsample(points: Array<[number, number | null]>, buckets: number): Array<[number, number | null]> {
  if (points.length <= buckets * 2) return points;
  const out: Array<[number, number | null]> = [];
  for (const [a, b] of bucketRanges(points.length, buckets)) {
    let lo = -1;
    let hi = -1;
    for (let i = a; i < b; i++) {
      const y = points[i][1];
      if (y === null) continue;
      if (lo < 0 || y < (points[lo][1] as number)) lo = i;
      if (hi < 0 || y > (points[hi][1] as number)) hi = i;
    }
    if (lo < 0) out.push([points[a][0], null]);
    else if (lo === hi) out.push(points[lo]);
    else out.push(...(lo < hi ? [points[lo], points[hi]] : [points[hi], points[lo]]));
  }
  return out;
}

/** What one hover band says about one series: the exact value, or over several x its max (where) and min. */
export interface BandValue {
  name: string;
  /** Values in the band that are not null. */
  n: number;
  min: number | null;
  max: number | null;
  maxAt: number | null;
}

export interface Band {
  x0: number;
  x1: number;
  values: BandValue[];
}

/**
 * Hover bands over the x values of all series, at most `buckets` of them; each summarises the
 * exact values (not the thinned ones) of every series inside it.
 */
export function hoverBands(series: Array<{ name: string; points: Array<[number, number | null]> }>, buckets: number): Band[] {
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  const maps = series.map((s) => new Map(s.points));
  return bucketRanges(xs.length, buckets).map(([a, b]) => ({
    x0: xs[a],
    x1: xs[b - 1],
    values: series.map((s, k) => {
      const v: BandValue = { name: s.name, n: 0, min: null, max: null, maxAt: null };
      for (let i = a; i < b; i++) {
        const y = maps[k].get(xs[i]);
        if (y === null || y === undefined) continue;
        v.n++;
        if (v.min === null || y < v.min) v.min = y;
        if (v.max === null || y > v.max) [v.max, v.maxAt] = [y, xs[i]];
      }
      return v;
    }),
  }));
}
