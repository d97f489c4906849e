/** The tables and text blocks of the HTML report. Pure: result in, HTML fragments out. */
import { presentMetrics, type ResultDocument } from '../result.js';
import { readCapacity, readChecks, readLevels } from '../result-views.js';
import { esc } from './svg.js';
import { sessionsText } from '../../units.js';

const fmt = (v: number | null | undefined, digits?: number): string =>
  v === null || v === undefined ? '–' : v.toFixed(digits ?? (Math.abs(v) < 10 ? 3 : 1));
const pct = (v: number | undefined) => (v === undefined ? '–' : `${(v * 100).toFixed(2)} %`);

/** An HTML table; cells are escaped unless wrapped as { html }. */
export function htmlTable(head: string[], rows: Array<Array<string | { html: string }>>, cls = ''): string {
  const cell = (c: string | { html: string }) => (typeof c === 'string' ? esc(c) : c.html);
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`).join('');
  // Wide tables scroll inside their box on a narrow screen instead of widening the page.
  return `<div class="scroll"><table class="${cls}"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`;
}

const badge = (ok: boolean, yes = 'pass', no = 'FAIL') => ({ html: `<span class="badge ${ok ? 'pass' : 'fail'}">${ok ? yes : no}</span>` });

/** The capacity figure as a headline: "30 sessions", or "no level passed". */
export function capacityFigure(r: ResultDocument): string | null {
  const c = readCapacity(r);
  if (!c) return null;
  return c.max_sessions === null ? 'no level passed' : sessionsText(c.max_sessions);
}

/**
 * Headline numbers: the ones a reader looks for first. A capacity run leads with its capacity,
 * and its latency tiles name the level they come from (the capacity level, else the first one run).
 */
export function cards(r: ResultDocument): string {
  const rtt = r.metrics.chunk_rtt_ms;
  const capacity = capacityFigure(r);
  const at = capacity === null ? '' : ` at ${sessionsText(String((r.scenario as Record<string, unknown>).sessions ?? '?'))}`;
  const items: Array<[string, string, string?]> = [
    ...(capacity === null ? [] : [['capacity', capacity, 'capacity'] as [string, string, string]]),
    [`chunk RTT p50${at}`, rtt ? `${fmt(rtt.p50)} ms` : '–'],
    [`chunk RTT p95${at}`, rtt ? `${fmt(rtt.p95)} ms` : '–'],
    [`chunk RTT p99${at}`, rtt ? `${fmt(rtt.p99)} ms` : '–'],
    [`success${at}`, pct(r.rates.success_rate)],
    [`throughput${at}`, r.rates.chunks_per_s === undefined ? '–' : `${fmt(r.rates.chunks_per_s, 1)} chunks/s`],
    [`errors${at}`, String(r.errors.reduce((a, e) => a + e.count, 0))],
  ];
  return `<div class="cards">${items.map(([k, v, cls]) =>
    `<div class="card${cls ? ` ${cls}` : ''}"><div class="k">${esc(k)}</div><div class="v">${esc(v)}</div></div>`).join('')}</div>`;
}

export function thresholdsTable(r: ResultDocument): string {
  if (r.thresholds.length === 0) return '<p class="empty">No thresholds were set.</p>';
  const rows = r.thresholds.map((t) => {
    const where = t.window ? ` (worst ${t.window.seconds}s window at ${t.window.worst_t_s}s)` : '';
    return [t.metric, t.expression, t.actual === null ? `– ${t.note ?? ''}` : `${fmt(t.actual)}${where}`, `${t.op} ${t.limit}`, badge(t.passed)];
  });
  return htmlTable(['metric', 'threshold', 'actual', 'limit', 'result'], rows, 'thresholds');
}

export function latencyTable(r: ResultDocument): string {
  const rows = presentMetrics(r).map(([name, m]) =>
    [name, String(m.count), ...[m.min, m.avg, m.p50, m.p90, m.p95, m.p99, m.p999, m.max].map((v) => (m.count ? fmt(v) : '–'))]);
  return htmlTable(['metric (ms)', 'count', 'min', 'avg', 'p50', 'p90', 'p95', 'p99', 'p99.9', 'max'], rows, 'num');
}

export function checksTable(r: ResultDocument): string {
  const checks = readChecks(r);
  if (checks.length === 0) return '';
  const rows = checks.map((c) => [c.name, c.result === 'skip' ? { html: '<span class="badge skip">skip</span>' } : badge(c.result === 'pass'),
    c.ms === undefined ? '' : fmt(c.ms), c.expected ?? '', c.got ?? '']);
  return `<section><h2>Checks</h2>${htmlTable(['check', 'result', 'ms', 'expected', 'got'], rows)}</section>`;
}

/** The capacity answer, then the charts given, then one row per level; '' for other commands. */
export function capacitySummary(r: ResultDocument, charts = ''): string {
  const c = readCapacity(r);
  const levels = readLevels(r);
  const head = c
    ? `<p class="capacity">Capacity: <strong>${esc(capacityFigure(r) ?? '')}</strong>` +
      `${c.broken_by ? `; ${c.max_sessions === null ? 'broken' : 'above it, broken'} by ${esc(c.broken_by)}` : ''}.</p>`
    : '';
  const rows = levels.map((l) => [String(l.sessions), fmt(l.p50_ms), fmt(l.p95_ms), fmt(l.p99_ms),
    l.success_rate === null ? '–' : pct(l.success_rate),
    l.verdict === null ? '' : { html: `<span class="badge ${l.verdict === 'pass' ? 'pass' : l.verdict === 'fail' ? 'fail' : 'skip'}">${esc(l.verdict)}</span>` },
    l.broken_by]);
  return head + charts + (rows.length ? htmlTable(['sessions', 'p50 ms', 'p95 ms', 'p99 ms', 'success', 'verdict', 'broken by'], rows, 'num') : '');
}

export function errorsTable(r: ResultDocument): string {
  if (r.errors.length === 0) return '<p class="empty ok">No errors.</p>';
  return htmlTable(['error kind', 'count', 'sample'], r.errors.map((e) => [e.kind, String(e.count), e.sample]));
}

export function countsAndFairness(r: ResultDocument): string {
  const rows = Object.entries(r.counts).map(([k, v]) => [k, String(v)]);
  const worst = r.worst_session
    ? `<p>Worst session: <strong>#${r.worst_session.index}</strong> with chunk_rtt_ms p99 <strong>${fmt(r.worst_session.p99_ms)} ms</strong>` +
      (r.metrics.chunk_rtt_ms ? ` (all sessions: p99 ${fmt(r.metrics.chunk_rtt_ms.p99)} ms)` : '') + '.</p>'
    : '<p class="empty">No per-session latency recorded.</p>';
  return `${worst}${htmlTable(['count', 'value'], rows, 'kv')}`;
}

/** Scenario and target as key/value rows; arrays and objects shown as JSON. */
export function scenarioTable(r: ResultDocument): string {
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const rows = [
    ['target', `${r.target.url}${r.target.embedded ? ' (embedded reference server)' : ''}`],
    ['started at', r.started_at],
    ['measured', `${fmt(r.measured_s, 1)} s`],
    ['websocket extensions', r.websocket?.extensions || 'none'],
    ...Object.entries(r.scenario).map(([k, v]) => [k, show(v)]),
  ];
  return htmlTable(['setting', 'value'], rows, 'kv');
}

export function generatorBlock(r: ResultDocument): string {
  const g = r.generator;
  const warnings = g.warnings.map((w) => `<li>${esc(w)}</li>`).join('');
  return `<p>Send lag p99 <strong>${fmt(g.send_lag_p99_ms)} ms</strong>, event-loop delay p99 <strong>${fmt(g.event_loop_delay_p99_ms)} ms</strong>: ` +
    `${badge(g.healthy, 'healthy', 'OVERLOADED').html}</p>${warnings ? `<ul class="warnings">${warnings}</ul>` : ''}`;
}

export function warningsBlock(r: ResultDocument): string {
  return r.warnings.length ? `<section><h2>Warnings</h2><ul class="warnings">${r.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></section>` : '';
}

export function fingerprintFooter(r: ResultDocument): string {
  const f = r.fingerprint;
  return `<footer>pipebench ${esc(f.pipebench)} · Node ${esc(f.node)} · ${esc(f.os)} · ${esc(f.cpu)} × ${f.cpus} CPUs</footer>`;
}
