/**
 * `--summary-md FILE`: a short Markdown summary for a CI step summary ($GITHUB_STEP_SUMMARY) or
 * a PR comment: verdict first, then the key latencies, thresholds, warnings and the machine it
 * ran on. Pure; GitHub-flavoured tables.
 */
import { presentMetrics, type ResultDocument } from './result.js';
import { readCapacity, readChecks, readLevels, readTags } from './result-views.js';
import { audioMarkdown } from './audio.js';
import { sessionsText } from '../units.js';

const VERDICT_MARK: Record<string, string> = { pass: '✅', fail: '❌', invalid: '⚠️', interrupted: '⏹️', unusable: '⛔' };

/** Escape a table cell: pipes split cells and newlines end rows. */
export function mdCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A GitHub-flavoured Markdown table; `align` uses 'r' for right-aligned columns. */
export function mdTable(head: string[], rows: string[][], align: string = ''): string {
  const sep = head.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  return [head, sep, ...rows].map((r) => `| ${r.map((c, i) => (i < head.length && r !== sep ? mdCell(c) : c)).join(' | ')} |`).join('\n');
}

/** Milliseconds or a fraction for tables: 1 decimal, 3 below 10 so small values stay readable. */
export const fmtNum = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : v.toFixed(Math.abs(v) < 10 ? 3 : 1));

function latencyTable(r: ResultDocument): string {
  const rows = presentMetrics(r)
    .filter(([, m]) => m.count > 0)
    .map(([name, m]) => [name, String(m.count), fmtNum(m.p50), fmtNum(m.p95), fmtNum(m.p99), fmtNum(m.max)]);
  return rows.length ? mdTable(['latency (ms)', 'count', 'p50', 'p95', 'p99', 'max'], rows, 'lrrrrr') : '_no latency samples_';
}

function thresholdTable(r: ResultDocument): string {
  if (r.thresholds.length === 0) return '_no thresholds_';
  const rows = r.thresholds.map((t) => {
    const where = t.window ? ` (worst ${t.window.seconds}s window at ${t.window.worst_t_s}s)` : '';
    const actual = t.actual === null ? `– ${t.note ?? ''}` : `${fmtNum(t.actual)}${where}`;
    return [t.metric, `\`${t.expression}\``, actual, t.passed ? '✅ pass' : '❌ **fail**'];
  });
  return mdTable(['metric', 'threshold', 'actual', 'result'], rows, 'llrl');
}

function checksTable(r: ResultDocument): string {
  const checks = readChecks(r);
  if (checks.length === 0) return '';
  const mark = { pass: '✅ pass', fail: '❌ **fail**', skip: '➖ skip' };
  const rows = checks.map((c) => [c.name, mark[c.result], c.ms === undefined ? '' : fmtNum(c.ms), c.expected ?? '', c.got ?? '']);
  return `### Checks\n\n${mdTable(['check', 'result', 'ms', 'expected', 'got'], rows, 'llrll')}`;
}

function capacitySection(r: ResultDocument): string {
  const levels = readLevels(r);
  const cap = readCapacity(r);
  if (levels.length === 0 && !cap) return '';
  const figure = cap && (cap.max_sessions === null ? '**no level passed**' : `**${cap.max_sessions}** session${cap.max_sessions === 1 ? '' : 's'}`);
  const head = cap ? `Capacity: ${figure}${cap.broken_by ? ` (broken by ${cap.broken_by})` : ''}\n\n` : '';
  const mark: Record<string, string> = { pass: '✅ pass', fail: '❌ fail', invalid: '⚠️ invalid' };
  const rows = levels.map((l) => [String(l.sessions), fmtNum(l.p50_ms), fmtNum(l.p95_ms), fmtNum(l.p99_ms),
    l.success_rate === null ? '–' : `${(l.success_rate * 100).toFixed(2)} %`, l.verdict === null ? '' : (mark[l.verdict] ?? l.verdict), l.broken_by]);
  const table = mdTable(['sessions', 'p50 ms', 'p95 ms', 'p99 ms', 'success', 'verdict', 'broken by'], rows, 'rrrrrll');
  return `### Capacity\n\n${head}${rows.length ? table : ''}`;
}

function warningsList(r: ResultDocument): string {
  const all = [...r.generator.warnings, ...r.warnings];
  return all.length ? `### Warnings\n\n${all.map((w) => `- ${w.replace(/\r?\n/g, ' ')}`).join('\n')}` : '';
}

/** The one-line "ran on" footer every report carries, so unlike machines are visible. */
export function fingerprintLine(r: ResultDocument): string {
  const f = r.fingerprint;
  return `pipebench ${f.pipebench}, Node ${f.node}, ${f.os}, ${f.cpu} × ${f.cpus}`;
}

/** "tags: branch=main, pr=12 · " when the run has --tag labels. */
export function tagsLine(r: ResultDocument): string {
  const tags = Object.entries(readTags(r));
  return tags.length ? `tags: ${tags.map(([k, v]) => `${k}=${v}`).join(', ')} · ` : '';
}

/** Chunks per second for streaming commands, requests per second for batch. */
const percent = (v: number | undefined) => (v === undefined ? '–' : `${(v * 100).toFixed(2)} %`);

function throughput(rates: ResultDocument['rates']): string {
  if (typeof rates.chunks_per_s === 'number') return `${rates.chunks_per_s.toFixed(1)} chunks/s`;
  if (typeof rates.http_reqs_per_s === 'number') return `${rates.http_reqs_per_s.toFixed(1)} requests/s`;
  return 'throughput not measured';
}

/** The Markdown summary of a result. */
export function renderMarkdown(r: ResultDocument): string {
  const s = r.scenario as Record<string, unknown>;
  const rates = r.rates;
  const lines = [
    `## ${VERDICT_MARK[r.verdict] ?? ''} pipebench ${r.command}: ${r.verdict.toUpperCase()}`,
    `${r.verdict_reason} (exit ${r.exit_code}). Target \`${r.target.url}\`${r.target.embedded ? ' (embedded reference server)' : ''}, ` +
      `${s.sessions === undefined ? '' : `${sessionsText(String(s.sessions))}, `}${r.measured_s.toFixed(1)} s measured, started ${r.started_at}.`,
    capacitySection(r),
    // A capacity result's metrics are one level's (the capacity level, else the first run): say which.
    capacitySection(r) ? `### At ${sessionsText(String(s.sessions))}\n\n${latencyTable(r)}` : latencyTable(r),
    `Success ${percent(rates.success_rate)}, errors ${percent(rates.error_rate)}, ` +
      throughput(rates) +
      (r.worst_session ? `; worst session #${r.worst_session.index} p99 ${fmtNum(r.worst_session.p99_ms)} ms` : '') +
      `; generator ${r.generator.healthy ? 'healthy' : '**overloaded**'}.`,
    `### Thresholds\n\n${thresholdTable(r)}`,
    audioMarkdown(r.audio),
    checksTable(r),
    warningsList(r),
    `<sub>${tagsLine(r)}${fingerprintLine(r)}</sub>`,
  ];
  return `${lines.filter((l) => l !== '').join('\n\n')}\n`;
}
