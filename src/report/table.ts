/** The human report: a pure function of the result; colour is an argument. */
import { grid, painter, verdictLine, type Paint } from './grid.js';
import type { Result } from './result.js';
import { readTags } from './result-views.js';
import { LATENCY_METRICS } from '../measure/types.js';
import { audioText } from './audio.js';

export interface TableOptions {
  color: boolean;
}

/** Rows shown only when the run recorded them (they need --update-every / --ping-every). */
const OPTIONAL_METRICS = new Set<string>(['update_rtt_ms', 'ping_rtt_ms']);

const fmt = (v: number | null | undefined, digits = 2): string => (v === null || v === undefined ? '-' : v.toFixed(digits));
const pct = (v: number) => `${(v * 100).toFixed(2)} %`;
/** What a statistic of no samples shows: not a measured 0.00. */
export const NO_SAMPLES = '—';

/** What was streamed: the tone, a probe signal or a file. */
function sound(s: Record<string, number | string | null>): string {
  if (s.audio) return `audio ${String(s.audio).replace(/^.*[\\/]/, '')}`;
  if (s.signal && s.signal !== 'sine') return `${s.signal} signal at ${s.level_dbfs} dBFS peak`;
  return `${s.tone_hz} Hz tone at ${s.level_dbfs} dBFS`;
}

function header(r: Result, c: Paint): string {
  const s = r.scenario as Record<string, number | string | null>;
  const where = r.target.embedded ? `${r.target.url} (embedded reference server)` : r.target.url;
  // Sessions, duration, ramp-up and warmup describe a sustained load; other commands print their own first line.
  const load = r.command === 'sustained'
    ? `${s.sessions} session${s.sessions === 1 ? '' : 's'} × ${s.duration_s}s (ramp-up ${s.ramp_up_s}s, warmup ${s.warmup_s}s), `
    : '';
  return [
    `${c.bold(`pipebench ${r.command}`)} → ${where}`,
    `  ${load}${s.chunk_ms} ms chunks @ ${s.sample_rate} Hz, ${sound(s)}, ` +
      `pipeline ${s.pipeline}, profile ${s.profile ?? 'none'}`,
    `  measured ${r.measured_s.toFixed(1)} s; websocket extensions: ${r.websocket.extensions || 'none'}`,
    ...shardLine(r),
  ].join('\n');
}

/** Whose shard this run was, or which shards a merge holds. */
function shardLine(r: Result): string[] {
  const at = (iso: string | null) => (iso ? `, schedule started at ${iso}` : '');
  if (r.shard) return [`  shard ${r.shard.index}/${r.shard.count} of a ${r.shard.total_sessions}-session plan (plan ${r.shard.plan}${at(r.shard.start_at)})`];
  if (!r.shards) return [];
  const missing = r.shards.missing.length ? `; MISSING ${r.shards.missing.join(', ')}` : '';
  return [`  shards ${r.shards.merged.join(', ')} of ${r.shards.count} merged (plan ${r.shards.plan}${at(r.shards.start_at)})${missing}`];
}

function latency(r: Result, color: boolean): string {
  // `latency` sends each chunk once the previous reply is in: it has no schedule to lag behind.
  const shown = (m: string) => r.metrics[m as keyof Result['metrics']] && !(m === 'send_lag_ms' && r.command === 'latency');
  const rows = LATENCY_METRICS.filter((m) => shown(m) && !(r.metrics[m].count === 0 && OPTIONAL_METRICS.has(m))).map((m) => {
    const x = r.metrics[m];
    const cell = (v: number) => (x.count === 0 ? NO_SAMPLES : fmt(v));
    return [m, String(x.count), cell(x.min), cell(x.avg), cell(x.p50), cell(x.p95), cell(x.p99), cell(x.max)];
  });
  return grid(['metric (ms)', 'count', 'min', 'avg', 'p50', 'p95', 'p99', 'max'], rows, color);
}

function counts(r: Result): string {
  const c = r.counts;
  const lines = [
    `chunks    due ${c.chunks_due}  sent ${c.chunks_sent}  acked ${c.chunks_acked}  failed ${c.chunks_failed}  ` +
      `lost ${c.chunks_lost} (unsent ${c.chunks_unsent}, late replies ${c.chunks_late})`,
    `sessions  started ${c.sessions_started}  failed ${c.sessions_failed}  dropped ${c.sessions_dropped}  ` +
      `reconnected ${c.sessions_reconnected}  deleted ${c.sessions_deleted}` +
      ((c.sessions_not_deleted ?? 0) > 0 ? `  NOT deleted ${c.sessions_not_deleted}` : ''),
    c.chunks_due === 0 ? `rates     ${NO_SAMPLES} (no chunk was due)` : `rates     success ${pct(r.rates.success_rate)}  errors ${pct(r.rates.error_rate)}  ` +
      `${fmt(r.rates.chunks_per_s, 1)} chunks/s (${fmt(r.rates.chunks_per_s_per_session, 2)} per session)`,
  ];
  if (r.worst_session) lines.push(`fairness  worst session #${r.worst_session.index}: chunk_rtt p99 ${fmt(r.worst_session.p99_ms)} ms`);
  if ((c.sockets_dropped ?? 0) > 0) {
    const per = c.sessions_started ? fmt((c.reconnects ?? 0) / c.sessions_started, 1) : '0';
    lines.push(`drops     ${c.sockets_dropped} sockets dropped, ${c.reconnects ?? 0} reconnects (${per} per session)`);
  }
  if (c.sequence_anomalies) lines.push(`sequence  ${c.sequence_anomalies} chunks_processed anomalies (replies may be mismatched)`);
  return lines.join('\n');
}

function errors(r: Result, color: boolean): string {
  if (r.errors.length === 0) return '';
  const rows = r.errors.slice(0, 10).map((e) => [e.kind, String(e.count), e.sample.slice(0, 80)]);
  return grid(['error', 'count', 'sample'], rows, color, ['left', 'right', 'left']);
}

function thresholds(r: Result, c: Paint, color: boolean): string {
  if (r.thresholds.length === 0) return 'thresholds: none';
  const rows = r.thresholds.map((x) => {
    const where = x.window ? ` (worst ${x.window.seconds}s window at ${x.window.worst_t_s}s)` : '';
    const actual = x.actual === null ? `- ${x.note ?? ''}` : `${fmt(x.actual, x.actual < 10 ? 4 : 2)}${where}`;
    return [`${x.metric}: ${x.expression}`, actual, x.passed ? c.green('pass') : c.red('FAIL')];
  });
  return grid(['threshold', 'actual', 'result'], rows, color, ['left', 'right', 'left']);
}

function generator(r: Result, c: Paint): string {
  const g = r.generator;
  const head = `generator send lag p99 ${fmt(g.send_lag_p99_ms)} ms, event-loop delay p99 ${fmt(g.event_loop_delay_p99_ms)} ms: `;
  return head + (g.healthy ? c.green('ok') : c.yellow('OVERLOADED')) + workerLines(r, c) + g.warnings.map((w) => `\n  ! ${w}`).join('');
}

/** With --workers N > 1: each thread's share and health (the worst one decides the line above). */
function workerLines(r: Result, c: Paint): string {
  return (r.workers ?? []).map((w) => `\n  worker ${w.worker}: ${w.sessions} sessions, ` + (w.crashed
    ? c.yellow(`CRASHED (${w.crashed})`)
    : `${w.chunks_acked} acked, send lag p99 ${fmt(w.send_lag_p99_ms ?? 0)} ms, event-loop delay p99 ${fmt(w.event_loop_delay_p99_ms ?? 0)} ms, set-up ${Math.round(w.setup_ms ?? 0)} ms`)).join('');
}

/** Which pipebench, Node, OS and CPU produced the numbers, so two results can be told apart. */
function fingerprint(r: Result, c: Paint): string {
  const f = r.fingerprint;
  const tags = Object.entries(readTags(r)).map(([k, v]) => `${k}=${v}`).join(' ');
  return f ? c.dim(`${tags ? `tags: ${tags}\n` : ''}pipebench ${f.pipebench} · Node ${f.node} · ${f.os} · ${f.cpu} × ${f.cpus}`) : '';
}

/**
 * A run that never started a session: what was tried, what went wrong, the verdict. Tables of
 * zeros and thresholds "failing" on no data would only hide the one line that matters.
 */
function unusable(r: Result, c: Paint, color: boolean, verdict: string): string {
  const where = r.target.embedded ? `${r.target.url} (embedded reference server)` : r.target.url;
  const errs = r.errors.length ? errors(r, color) : '';
  const notes = r.warnings.filter((w) => w !== r.verdict_reason).map((w) => c.yellow(`warning: ${w}`)).join('\n');
  const what = `${c.bold(`pipebench ${r.command}`)} → ${where}: no session could be started, so nothing was measured or judged.`;
  return [what, errs, notes, verdict].filter((s) => s !== '').join('\n\n').concat('\n');
}

/** The full table report for stdout. */
export function renderTable(r: Result, opts: TableOptions): string {
  const c = painter(opts.color);
  const warn = r.warnings.map((w) => c.yellow(`warning: ${w}`)).join('\n');
  const verdict = verdictLine(r.verdict, r.verdict_reason, r.exit_code, c);
  if (r.verdict === 'unusable' && (r.counts?.sessions_started ?? 0) === 0) return unusable(r, c, opts.color, verdict);
  return [header(r, c), latency(r, opts.color), counts(r), audioText(r.audio), errors(r, opts.color), thresholds(r, c, opts.color), generator(r, c), warn,
    fingerprint(r, c), verdict]
    .filter((s) => s !== '')
    .join('\n\n')
    .concat('\n');
}
