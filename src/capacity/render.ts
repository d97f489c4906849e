/** The human report of a capacity search: one row per level, then the answer. Pure. */
import { fmtMs, fmtPct, grid, painter, verdictLine, type Paint } from '../report/grid.js';
import type { CapacityResult, LevelReport } from './types.js';
import { sessionsText } from '../units.js';

function header(r: CapacityResult, c: Paint): string {
  const s = r.scenario as Record<string, unknown>;
  const k = s.capacity as Record<string, unknown>;
  const where = r.target.embedded ? `${r.target.url} (embedded reference server)` : r.target.url;
  const bisect = k.bisect ? `bisect to ${k.resolution} session${k.resolution === 1 ? '' : 's'}` : 'no bisection';
  return [
    `${c.bold('pipebench capacity')} → ${where}`,
    `  ${k.start} to ${k.max} sessions in steps of ${k.step}, ${bisect}; each level ${k.step_duration_s}s after ` +
      `${k.settle_s}s settle; ${s.chunk_ms} ms chunks, profile ${s.profile ?? 'none'}`,
  ].join('\n');
}

function levelRow(l: LevelReport, c: Paint): string[] {
  const verdict = l.verdict === 'pass' ? c.green('pass') : l.verdict === 'fail' ? c.red('FAIL') : c.yellow('INVALID');
  return [
    String(l.sessions), l.phase, l.chunks_per_s.toFixed(1), fmtMs(l.p50_ms), fmtMs(l.p95_ms), fmtMs(l.p99_ms),
    fmtPct(l.success_rate), verdict, l.broken_by.join('; '),
  ];
}

function levels(r: CapacityResult, c: Paint, color: boolean): string {
  if (r.levels.length === 0) return 'no level was judged';
  const head = ['sessions', 'phase', 'chunks/s', 'p50 ms', 'p95 ms', 'p99 ms', 'success', 'verdict', 'broken by'];
  const align = head.map((_, i) => (i === 1 || i >= 7 ? 'left' : 'right') as 'left' | 'right');
  const sorted = [...r.levels].sort((a, b) => a.sessions - b.sessions);
  return grid(head, sorted.map((l) => levelRow(l, c)), color, align);
}

function answer(r: CapacityResult, c: Paint): string {
  const a = r.capacity;
  const lines: string[] = [];
  if (a.max_sessions === null) lines.push(`capacity: ${c.bold('none')}: no level passed within the profile`);
  else lines.push(`capacity: ${c.bold(sessionsText(a.max_sessions))} (the highest level that passed)`);
  if (a.broken_by?.length) lines.push(`  broken above it by: ${a.broken_by.join('; ')}`);
  if (a.generator_limited) lines.push(c.yellow('  the load generator, not the server, was the bottleneck: the search stopped there'));
  return lines.join('\n');
}

/** The full report for stdout. */
export function renderCapacity(r: CapacityResult, opts: { color: boolean }): string {
  const c = painter(opts.color);
  const warn = r.warnings.map((w) => c.yellow(`warning: ${w}`)).join('\n');
  return [header(r, c), levels(r, c, opts.color), answer(r, c), warn, verdictLine(r.verdict, r.verdict_reason, r.exit_code, c)]
    .filter((s) => s !== '')
    .join('\n\n')
    .concat('\n');
}
