/** The human report of a batch run: latency, status counts, errors, thresholds, verdict. Pure. */
import { fmtMs, fmtPct, grid, painter, verdictLine, type Paint } from '../report/grid.js';
import type { BatchResult } from './types.js';

function header(r: BatchResult, c: Paint): string {
  const s = r.scenario as Record<string, string | number | null>;
  const where = r.target.embedded ? `${r.target.url} (embedded reference server)` : r.target.url;
  const load = s.model === 'open' ? `open model at ${s.rate_per_s}/s` : `closed model, ${s.concurrency} in flight`;
  const end = [s.duration_s !== null ? `${s.duration_s}s` : '', s.requests !== null ? `${s.requests} requests` : ''].filter(Boolean).join(' or ');
  return [
    `${c.bold('pipebench batch')} → ${where}${s.path}`,
    `  ${s.endpoint}: ${load} for ${end}; ${s.audio_seconds}s ${s.tone_hz} Hz sine as ${s.format} @ ${s.sample_rate} Hz, profile ${s.profile ?? 'none'}`,
    `  ran ${r.measured_s.toFixed(1)} s`,
  ].join('\n');
}

function latency(r: BatchResult, color: boolean): string {
  const rows = Object.entries(r.metrics).map(([m, x]) => [m, String(x.count), ...[x.min, x.avg, x.p50, x.p95, x.p99, x.max].map((v) => fmtMs(v, 2))]);
  return grid(['metric (ms)', 'count', 'min', 'avg', 'p50', 'p95', 'p99', 'max'], rows, color);
}

function counts(r: BatchResult): string {
  const statuses = Object.entries(r.status_counts).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}: ${n}`);
  return [
    `requests  ${r.counts.http_reqs}  ok ${r.counts.http_ok}  failed ${r.counts.http_failed}  (${r.rates.http_reqs_per_s.toFixed(1)}/s)`,
    `status    ${statuses.join('  ') || 'none'}`,
    `rates     success ${fmtPct(r.rates.success_rate)}  errors ${fmtPct(r.rates.error_rate)}`,
  ].join('\n');
}

function errors(r: BatchResult, color: boolean): string {
  if (r.errors.length === 0) return '';
  return grid(['error', 'count', 'sample'], r.errors.slice(0, 10).map((e) => [e.kind, String(e.count), e.sample.slice(0, 80)]), color, ['left', 'right', 'left']);
}

function thresholds(r: BatchResult, c: Paint, color: boolean): string {
  if (r.thresholds.length === 0) return 'thresholds: none';
  const rows = r.thresholds.map((x) => [
    `${x.metric}: ${x.expression}`,
    x.actual === null ? `- ${x.note ?? ''}` : x.actual.toFixed(x.actual < 10 ? 4 : 2),
    x.passed ? c.green('pass') : c.red('FAIL'),
  ]);
  return grid(['threshold', 'actual', 'result'], rows, color, ['left', 'right', 'left']);
}

function generator(r: BatchResult, c: Paint): string {
  const g = r.generator;
  const head = `generator send lag p99 ${fmtMs(g.send_lag_p99_ms, 2)} ms, event-loop delay p99 ${fmtMs(g.event_loop_delay_p99_ms, 2)} ms: `;
  return head + (g.healthy ? c.green('ok') : c.yellow('OVERLOADED')) + g.warnings.map((w) => `\n  ! ${w}`).join('');
}

/** The full report for stdout. */
export function renderBatch(r: BatchResult, opts: { color: boolean }): string {
  const c = painter(opts.color);
  const warn = r.warnings.map((w) => c.yellow(`warning: ${w}`)).join('\n');
  return [header(r, c), latency(r, opts.color), counts(r), errors(r, opts.color), thresholds(r, c, opts.color), generator(r, c), warn,
    verdictLine(r.verdict, r.verdict_reason, r.exit_code, c)]
    .filter((s) => s !== '')
    .join('\n\n')
    .concat('\n');
}
