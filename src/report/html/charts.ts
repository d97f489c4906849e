/**
 * The charts of the HTML report, built from a result: latency over time with threshold lines,
 * the HDR percentile distribution (decoded here, at render time, so the page embeds points and
 * needs no decoder), throughput, errors by kind, and latency/success per capacity level.
 */
import { decodeHistogram, percentileMs } from '../../measure/histogram.js';
import type { Result, ResultDocument } from '../result.js';
import { readLevels } from '../result-views.js';
import { esc, lineChart, type Series } from './svg.js';

const P_COLORS = { p50: '#2b7bb9', p95: '#e69500', p99: '#c62828' };
const PALETTE = ['#2b7bb9', '#c62828', '#2e7d32', '#8e24aa', '#e69500', '#00838f', '#6d4c41', '#546e7a'];
const ERROR_COLORS = ['#c62828', '#ef6c00', '#8e24aa', '#6d4c41', '#ad1457', '#455a64'];

/** Thresholds on chunk_rtt_ms with a millisecond limit, as dashed reference lines. */
function rttThresholdLines(r: ResultDocument): Array<{ y: number; label: string; color: string }> {
  return r.thresholds
    .filter((t) => t.metric === 'chunk_rtt_ms' && /^(p\(|avg|med|max|min)/.test(t.expression))
    .map((t) => {
      const p = /^p\(\s*(50|95|99)\s*\)/.exec(t.expression)?.[1] as '50' | '95' | '99' | undefined;
      return { y: t.limit, label: `${t.expression}${t.passed ? '' : ' ✗'}`, color: p ? P_COLORS[`p${p}`] : '#555' };
    });
}

/** chunk_rtt_ms p50/p95/p99 per timeline interval, with the thresholds drawn in. */
export function latencyOverTime(r: ResultDocument): string {
  const pts = r.timeline;
  const series: Series[] = (['p50', 'p95', 'p99'] as const).map((p) => ({
    name: `${p} chunk_rtt_ms`,
    color: P_COLORS[p],
    points: pts.map((x) => [x.t_s, x[`${p}_ms`]] as [number, number | null]),
  }));
  return lineChart({ title: 'Chunk round trip over time', ...TIME_X, yLabel: 'chunk round trip (ms)', yUnit: ' ms', series, hLines: rttThresholdLines(r) });
}

/** The time axis of every timeline chart: whole seconds. */
const TIME_X = { xLabel: 'time into the measured window (s)', xName: 't =', xUnit: ' s', xInteger: true } as const;

/** Percentile of the "nines" position x: 0 → p0, 1 → p90, 2 → p99, 3 → p99.9, 4 → p99.99. */
const percentileAt = (x: number) => 100 * (1 - 10 ** -x);

/** Points of an HDR percentile plot (x in nines, y in ms), or null when the histogram is empty or unreadable. */
export function percentileCurve(encoded: string, steps = 100, maxNines = 4): Array<[number, number]> | null {
  let h;
  try {
    h = decodeHistogram(encoded);
  } catch {
    return null;
  }
  if (!h.totalCount) return null;
  const out: Array<[number, number]> = [];
  for (let i = 0; i <= steps; i++) {
    const x = (i / steps) * maxNines;
    const v = percentileMs(h, Math.max(percentileAt(x), 0.0001));
    if (v !== null) out.push([+x.toFixed(3), v]);
  }
  return out;
}

const NINES_TICKS = [0, 1, 2, 3, 4].map((v) => ({ v, label: ['p0', 'p90', 'p99', 'p99.9', 'p99.99'][v] }));

/** Metrics measured once per session (a handful of samples), charted apart from the per-chunk ones (thousands). */
const SETUP_METRICS = new Set(['connect_ms', 'create_ms', 'first_audio_ms']);

/** One HDR percentile chart of the given metrics; each curve stops at the percentile its sample count supports. */
function percentileChart(r: ResultDocument, title: string, pick: (name: string) => boolean, empty: string): string {
  const series: Series[] = [];
  let nines = 0;
  for (const [name, m] of Object.entries(r.metrics)) {
    if (!pick(name) || !m?.count || !m.hdr) continue;
    // n samples say nothing beyond the 1 - 1/n percentile: 10 connects reach p90, not p99.99.
    const reach = Math.min(4, Math.max(1, Math.log10(m.count)));
    const points = percentileCurve(m.hdr, Math.round(25 * reach), reach);
    if (!points) continue;
    nines = Math.max(nines, reach);
    series.push({ name: `${name} (n=${m.count})`, color: PALETTE[series.length % PALETTE.length], points });
  }
  if (series.length === 0) return `<p class="empty">${esc(empty)}</p>`;
  const xTicks = NINES_TICKS.filter((t) => t.v <= Math.ceil(nines));
  return lineChart({ title, xLabel: 'percentile (log scale)', yLabel: 'latency (ms)', xName: 'at', xUnit: ' nines', yUnit: ' ms', series, xTicks });
}

/** The latency distribution of the per-chunk metrics, and of the per-session setup metrics on a chart of their own. */
export function distribution(r: ResultDocument): string {
  return percentileChart(r, 'Per-chunk latency distribution (HDR percentiles)', (n) => !SETUP_METRICS.has(n), 'No per-chunk latency samples to plot.') +
    percentileChart(r, 'Session setup latency distribution (HDR percentiles)', (n) => SETUP_METRICS.has(n), 'No session setup samples to plot.');
}

/** Chunks sent and acked per second, and sessions open. */
export function throughput(r: ResultDocument): string {
  const pts = r.timeline;
  const series: Series[] = [
    { name: 'chunks sent/s', color: '#546e7a', points: pts.map((p) => [p.t_s, p.chunks_sent]), dash: '4 3' },
    { name: 'chunks acked/s', color: '#2e7d32', points: pts.map((p) => [p.t_s, p.chunks_acked]) },
  ];
  return lineChart({ title: 'Throughput over time', ...TIME_X, yLabel: 'chunks per second', yUnit: ' chunks/s', yInteger: true, series });
}

/** Sessions open per second. */
export function sessionsOpen(r: ResultDocument): string {
  const series: Series[] = [{ name: 'sessions open', color: '#8e24aa', points: r.timeline.map((p) => [p.t_s, p.sessions_open]) }];
  return lineChart({ title: 'Sessions open', ...TIME_X, yLabel: 'sessions open', yUnit: ' sessions', yInteger: true, series });
}

/** A point's errors by kind; points written before kinds were recorded count as one kind, "errors". */
const kindsOf = (p: Result['timeline'][number]): Record<string, number> =>
  Object.keys(p.errors_by_kind ?? {}).length ? p.errors_by_kind : p.errors ? { errors: p.errors } : {};

/** Errors per second, stacked by kind. */
export function errorsOverTime(r: ResultDocument): string {
  if (!r.timeline.some((p) => p.errors > 0)) return '<p class="empty ok">No errors during the measured window.</p>';
  const kinds = [...new Set(r.timeline.flatMap((p) => Object.keys(kindsOf(p))))];
  const colors = Object.fromEntries(kinds.map((k, i) => [k, ERROR_COLORS[i % ERROR_COLORS.length]]));
  const stacks = r.timeline.map((p) => ({ x: p.t_s, segments: kinds.map((k) => [k, kindsOf(p)[k] ?? 0] as [string, number]) }));
  return lineChart({ title: 'Errors over time, by kind', ...TIME_X, yLabel: 'errors per second', yUnit: ' errors', yInteger: true, series: [], bars: { colors, stacks } });
}

const LEVEL_X = { xLabel: 'concurrent sessions', xName: 'at', xUnit: ' sessions', xInteger: true } as const;

/** Capacity runs: latency per level and success per level; '' for other commands. */
export function capacityCharts(r: ResultDocument): string {
  const levels = readLevels(r);
  if (levels.length === 0) return '';
  const latency: Series[] = (['p50', 'p95', 'p99'] as const).map((p) => ({
    name: `${p} chunk_rtt_ms`,
    color: P_COLORS[p],
    points: levels.map((l) => [l.sessions, l[`${p}_ms`]] as [number, number | null]),
  }));
  const success: Series[] = [{ name: 'success rate', color: '#2e7d32', points: levels.map((l) => [l.sessions, l.success_rate === null ? null : l.success_rate * 100]) }];
  return [
    lineChart({ title: 'Latency per load level', ...LEVEL_X, yLabel: 'chunk round trip (ms)', yUnit: ' ms', series: latency, hLines: rttThresholdLines(r) }),
    lineChart({ title: 'Success per load level', ...LEVEL_X, yLabel: 'chunks acked (%)', yUnit: ' %', series: success, yMax: 100, yFit: 'data', yFormat: (v) => `${v}%` }),
  ].join('');
}
