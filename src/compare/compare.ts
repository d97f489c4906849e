/**
 * Compare two results: for each latency metric the change of p50/p95/p99, and the rates. A change
 * counts only when it is larger than the relative tolerance AND larger than the noise (the two
 * runs' 95 % intervals do not overlap, see noise.ts). Outcomes: better, same (within tolerance),
 * worse, inconclusive (too few samples, or beyond tolerance but within noise). Pure.
 */
import type { Result } from '../report/result.js';
import { minSamples, overlap, percentileEstimate, proportionEstimate, rateEstimate, type Estimate } from './noise.js';

export type Outcome = 'better' | 'same' | 'worse' | 'inconclusive';

/** One compared figure. `change` is relative (0.12 = +12 %), null when the base is 0. */
export interface CompareRow {
  metric: string;
  stat: string;
  base: Estimate | null;
  next: Estimate | null;
  change: number | null;
  tolerance: number;
  outcome: Outcome;
  reason: string;
}

export interface CompareOptions {
  /** Relative tolerance, 0.1 = 10 %. */
  tolerance: number;
  /** Per-metric tolerances by metric name. */
  metricTolerance?: Record<string, number>;
}

export interface Comparison {
  rows: CompareRow[];
  counts: Record<Outcome, number>;
  /** Differences between the runs' fingerprints (machine, Node, pipebench version): shown, not fatal. */
  unlike: string[];
  /** Runs whose numbers are suspect (generator overloaded, interrupted): shown, not fatal. */
  cautions: string[];
}

/** The generator's own send lag measures pipebench, not the target: never a regression of the server. */
const NOT_COMPARED = new Set(['send_lag_ms']);

const PERCENTILES = [50, 95, 99] as const;

/**
 * How one figure compares. `higherIsWorse` gives the direction; `relative` is the relative
 * change the tolerance applies to (for success_rate, the change of the missed fraction).
 */
function judge(base: Estimate, next: Estimate, tolerance: number, higherIsWorse: boolean, relative: number | null): { outcome: Outcome; reason: string } {
  if (relative === null ? next.value === base.value : Math.abs(relative) <= tolerance) {
    return { outcome: 'same', reason: `within ±${+(tolerance * 100).toFixed(1)} %` };
  }
  if (overlap(base, next)) return { outcome: 'inconclusive', reason: 'beyond tolerance but within noise: the 95 % intervals overlap' };
  const up = next.value > base.value;
  return { outcome: up === higherIsWorse ? 'worse' : 'better', reason: 'beyond tolerance and noise: the 95 % intervals do not overlap' };
}

const relChange = (base: number, next: number): number | null => (base === 0 ? (next === 0 ? 0 : null) : (next - base) / base);

function row(metric: string, stat: string, base: Estimate | null, next: Estimate | null, o: { tol: number; minN: number; higherIsWorse: boolean; missed?: boolean }): CompareRow {
  const out = { metric, stat, base, next, tolerance: o.tol };
  if (!base || !next) return { ...out, change: null, outcome: 'inconclusive', reason: `not measured in the ${base ? 'new' : 'base'} run` };
  const change = relChange(base.value, next.value);
  if (base.n < o.minN || next.n < o.minN) {
    return { ...out, change, outcome: 'inconclusive', reason: `too few samples: ${Math.min(base.n, next.n)} < ${o.minN}` };
  }
  const relative = o.missed ? relChange(1 - base.value, 1 - next.value) : change;
  return { ...out, change, ...judge(base, next, o.tol, o.higherIsWorse, relative) };
}

function latencyRows(base: Result, next: Result, tolOf: (m: string) => number): CompareRow[] {
  const names = [...new Set([...Object.keys(base.metrics), ...Object.keys(next.metrics)])];
  const rows: CompareRow[] = [];
  for (const m of names) {
    const a = base.metrics[m as keyof Result['metrics']];
    const b = next.metrics[m as keyof Result['metrics']];
    if (NOT_COMPARED.has(m) || (!a?.count && !b?.count)) continue;
    for (const p of PERCENTILES) {
      const ea = a?.count ? percentileEstimate(a.hdr, p) : null;
      const eb = b?.count ? percentileEstimate(b.hdr, p) : null;
      rows.push(row(m, `p${p}`, ea, eb, { tol: tolOf(m), minN: minSamples(p), higherIsWorse: true }));
    }
  }
  return rows;
}

function rateRows(base: Result, next: Result, tolOf: (m: string) => number): CompareRow[] {
  const [a, b] = [base.counts, next.counts];
  const failed = (c: Result['counts']) => c.chunks_failed + c.chunks_lost;
  return [
    row('success_rate', 'rate', proportionEstimate(a.chunks_acked, a.chunks_due), proportionEstimate(b.chunks_acked, b.chunks_due),
      { tol: tolOf('success_rate'), minN: 100, higherIsWorse: false, missed: true }),
    row('error_rate', 'rate', proportionEstimate(failed(a), a.chunks_due), proportionEstimate(failed(b), b.chunks_due),
      { tol: tolOf('error_rate'), minN: 100, higherIsWorse: true }),
    row('chunks_per_s', 'value', rateEstimate(a.chunks_acked, base.measured_s), rateEstimate(b.chunks_acked, next.measured_s),
      { tol: tolOf('chunks_per_s'), minN: 100, higherIsWorse: false }),
  ];
}

/** What differs between the machines and versions that produced the two runs. */
export function fingerprintDifferences(base: Result, next: Result): string[] {
  const keys = ['pipebench', 'node', 'os', 'cpu', 'cpus'] as const;
  return keys
    .filter((k) => base.fingerprint[k] !== next.fingerprint[k])
    .map((k) => `${k}: ${base.fingerprint[k]} → ${next.fingerprint[k]}`);
}

function cautions(base: Result, next: Result): string[] {
  return ([['base', base], ['new', next]] as const).flatMap(([label, r]) => {
    if (r.verdict === 'invalid' || !r.generator.healthy) return [`the ${label} run's load generator was overloaded, so its latencies include pipebench's own delay`];
    if (r.verdict === 'interrupted' || r.verdict === 'unusable') return [`the ${label} run did not complete (${r.verdict}: ${r.verdict_reason})`];
    return [];
  });
}

/** Compare `next` against `base`. */
export function compareResults(base: Result, next: Result, opts: CompareOptions): Comparison {
  const tolOf = (m: string) => opts.metricTolerance?.[m] ?? opts.tolerance;
  const rows = [...latencyRows(base, next, tolOf), ...rateRows(base, next, tolOf)];
  const counts: Record<Outcome, number> = { better: 0, same: 0, worse: 0, inconclusive: 0 };
  for (const r of rows) counts[r.outcome]++;
  return { rows, counts, unlike: fingerprintDifferences(base, next), cautions: cautions(base, next) };
}
