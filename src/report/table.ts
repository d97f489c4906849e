/** The human report: a pure function of the result; colour is an argument. */
import Table from 'cli-table3';
import { Chalk, type ChalkInstance } from 'chalk';
import type { Result } from './result.js';
import { LATENCY_METRICS } from '../measure/types.js';

export interface TableOptions {
  color: boolean;
}

/** Rows shown only when the run recorded them (they need --update-every / --ping-every). */
const OPTIONAL_METRICS = new Set<string>(['update_rtt_ms', 'ping_rtt_ms']);

const fmt = (v: number | null | undefined, digits = 2): string => (v === null || v === undefined ? '-' : v.toFixed(digits));
const pct = (v: number) => `${(v * 100).toFixed(2)} %`;

function table(head: string[], color: boolean, align?: Array<'left' | 'right'>): Table.Table {
  return new Table({
    head,
    colAligns: align,
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    style: color ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
  });
}

function header(r: Result, c: ChalkInstance): string {
  const s = r.scenario as Record<string, number | string | null>;
  const where = r.target.embedded ? `${r.target.url} (embedded reference server)` : r.target.url;
  return [
    `${c.bold(`pipebench ${r.command}`)} → ${where}`,
    `  ${s.sessions} sessions × ${s.duration_s}s (ramp-up ${s.ramp_up_s}s, warmup ${s.warmup_s}s), ` +
      `${s.chunk_ms} ms chunks @ ${s.sample_rate} Hz, ${s.tone_hz} Hz tone at ${s.level_dbfs} dBFS, ` +
      `pipeline ${s.pipeline}, profile ${s.profile ?? 'none'}`,
    `  measured ${r.measured_s.toFixed(1)} s; websocket extensions: ${r.websocket.extensions || 'none'}`,
  ].join('\n');
}

function latency(r: Result, color: boolean): string {
  const right = Array<'right'>(8).fill('right');
  const t = table(['metric (ms)', 'count', 'min', 'avg', 'p50', 'p95', 'p99', 'max'], color, ['left', ...right]);
  for (const m of LATENCY_METRICS) {
    const x = r.metrics[m];
    if (!x || (x.count === 0 && OPTIONAL_METRICS.has(m))) continue;
    t.push([m, String(x.count), fmt(x.min), fmt(x.avg), fmt(x.p50), fmt(x.p95), fmt(x.p99), fmt(x.max)]);
  }
  return t.toString();
}

function counts(r: Result): string {
  const c = r.counts;
  const lines = [
    `chunks    due ${c.chunks_due}  sent ${c.chunks_sent}  acked ${c.chunks_acked}  failed ${c.chunks_failed}  ` +
      `lost ${c.chunks_lost} (unsent ${c.chunks_unsent}, late replies ${c.chunks_late})`,
    `sessions  started ${c.sessions_started}  failed ${c.sessions_failed}  dropped ${c.sessions_dropped}  ` +
      `reconnected ${c.sessions_reconnected}  deleted ${c.sessions_deleted}`,
    `rates     success ${pct(r.rates.success_rate)}  errors ${pct(r.rates.error_rate)}  ` +
      `${fmt(r.rates.chunks_per_s, 1)} chunks/s (${fmt(r.rates.chunks_per_s_per_session, 2)} per session)`,
  ];
  if (r.worst_session) lines.push(`fairness  worst session #${r.worst_session.index}: chunk_rtt p99 ${fmt(r.worst_session.p99_ms)} ms`);
  if (c.sequence_anomalies) lines.push(`sequence  ${c.sequence_anomalies} chunks_processed anomalies (replies may be mismatched)`);
  return lines.join('\n');
}

function errors(r: Result, color: boolean): string {
  if (r.errors.length === 0) return '';
  const t = table(['error', 'count', 'sample'], color, ['left', 'right', 'left']);
  for (const e of r.errors.slice(0, 10)) t.push([e.kind, String(e.count), e.sample.slice(0, 80)]);
  return t.toString();
}

function thresholds(r: Result, c: ChalkInstance, color: boolean): string {
  if (r.thresholds.length === 0) return 'thresholds: none';
  const t = table(['threshold', 'actual', 'result'], color, ['left', 'right', 'left']);
  for (const x of r.thresholds) {
    const where = x.window ? ` (worst ${x.window.seconds}s window at ${x.window.worst_t_s}s)` : '';
    const actual = x.actual === null ? `- ${x.note ?? ''}` : `${fmt(x.actual, x.actual < 10 ? 4 : 2)}${where}`;
    t.push([`${x.metric}: ${x.expression}`, actual, x.passed ? c.green('pass') : c.red('FAIL')]);
  }
  return t.toString();
}

function generator(r: Result, c: ChalkInstance): string {
  const g = r.generator;
  const head = `generator send lag p99 ${fmt(g.send_lag_p99_ms)} ms, event-loop delay p99 ${fmt(g.event_loop_delay_p99_ms)} ms: `;
  return head + (g.healthy ? c.green('ok') : c.yellow('OVERLOADED')) + g.warnings.map((w) => `\n  ! ${w}`).join('');
}

function verdict(r: Result, c: ChalkInstance): string {
  const paint = r.verdict === 'pass' ? c.green.bold : r.verdict === 'fail' ? c.red.bold : c.yellow.bold;
  return `${paint(r.verdict.toUpperCase())}: ${r.verdict_reason} (exit ${r.exit_code})`;
}

/** The full table report for stdout. */
export function renderTable(r: Result, opts: TableOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const warn = r.warnings.map((w) => c.yellow(`warning: ${w}`)).join('\n');
  return [header(r, c), latency(r, opts.color), counts(r), errors(r, opts.color), thresholds(r, c, opts.color), generator(r, c), warn, verdict(r, c)]
    .filter((s) => s !== '')
    .join('\n\n')
    .concat('\n');
}
