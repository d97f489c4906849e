/** compare on crafted pairs with real histograms: better, worse, noisy, too few samples, rates, shapes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareResults, type CompareRow } from '../../src/compare/compare.js';
import { minSamples, percentileEstimate } from '../../src/compare/noise.js';
import { shapeDifferences } from '../../src/compare/shape.js';
import { renderComparisonMarkdown, renderComparisonText } from '../../src/compare/render.js';
import { latencies, makeResult } from './report-fixture.test.js';

const rtt = (cmp: ReturnType<typeof compareResults>, stat: string): CompareRow =>
  cmp.rows.find((r) => r.metric === 'chunk_rtt_ms' && r.stat === stat)!;

test('order-statistic interval: brackets the percentile, narrows with more samples', () => {
  const small = makeResult({ rtt: latencies(200, 50, 1) }).metrics.chunk_rtt_ms;
  const large = makeResult({ rtt: latencies(20_000, 50, 1) }).metrics.chunk_rtt_ms;
  for (const m of [small, large]) {
    const e = percentileEstimate(m.hdr, 95)!;
    assert.ok(e.low <= e.value && e.value <= e.high, JSON.stringify(e));
  }
  const width = (m: typeof small) => { const e = percentileEstimate(m.hdr, 95)!; return e.high - e.low; };
  assert.ok(width(large) < width(small) / 4, `${width(large)} vs ${width(small)}`);
  assert.deepEqual([minSamples(50), minSamples(95), minSamples(99)], [20, 20, 100]);
  assert.equal(percentileEstimate('not base64', 50), null);
});

test('worse: a slower new run is worse at p50/p95/p99, beyond tolerance and noise', () => {
  const base = makeResult({ rtt: latencies(3000, 40, 1) });
  const next = makeResult({ rtt: latencies(3000, 60, 2) });
  const cmp = compareResults(base, next, { tolerance: 0.1 });
  for (const s of ['p50', 'p95', 'p99']) assert.equal(rtt(cmp, s).outcome, 'worse', JSON.stringify(rtt(cmp, s)));
  assert.ok(rtt(cmp, 'p50').change! > 0.4);
  assert.ok(cmp.counts.worse >= 3);
  const text = renderComparisonText(cmp, { baseLabel: 'a.json', newLabel: 'b.json', forcedDifferences: [] }, { color: false });
  assert.match(text, /^chunk_rtt_ms\s+p99 .* worse \(/m);
  assert.match(text, /WORSE: \d+ worse/);
  const md = renderComparisonMarkdown(cmp, { baseLabel: 'a.json', newLabel: 'b.json', forcedDifferences: ['sessions: 4 → 8'] });
  assert.match(md, /^## ❌ pipebench compare: worse\n/);
  // The PR-sized table first: metric, base, new, change, verdict, units in the cells.
  assert.match(md, /\| metric \| base \| new \| change \| verdict \|\n\| --- \| ---: \| ---: \| ---: \| --- \|\n\| chunk_rtt_ms p50 \| [\d.]+ ms \| [\d.]+ ms \| \+[\d.]+ % \| ❌ \*\*worse\*\* \|/);
  assert.match(md, /\| success_rate \| [\d.]+ % \| [\d.]+ % \|/);
  assert.match(md, /sessions: 4 → 8[\s\S]*<details><summary>All \d+ figures, with 95 % intervals<\/summary>[\s\S]*\| chunk_rtt_ms \| p50 \|[\s\S]*<\/details>\n$/);
  // Short enough for a PR comment: the visible part (before <details>) has at most a dozen table rows.
  const visible = md.split('<details>')[0];
  assert.ok(visible.split('\n').filter((l) => l.startsWith('| ')).length <= 14, visible);
});

test('better: the reverse pair is better', () => {
  const cmp = compareResults(makeResult({ rtt: latencies(3000, 60, 2) }), makeResult({ rtt: latencies(3000, 40, 1) }), { tolerance: 0.1 });
  for (const s of ['p50', 'p95', 'p99']) assert.equal(rtt(cmp, s).outcome, 'better');
  assert.equal(cmp.counts.worse, 0);
});

test('noisy: two samples of one distribution are never worse; small ones are inconclusive, not flagged', () => {
  for (const seed of [3, 5, 7, 9]) {
    const cmp = compareResults(makeResult({ rtt: latencies(400, 40, seed, 0.8) }), makeResult({ rtt: latencies(400, 40, seed + 100, 0.8) }), { tolerance: 0.05 });
    assert.equal(cmp.counts.worse, 0, `seed ${seed}: ${JSON.stringify(cmp.rows.filter((r) => r.outcome === 'worse'))}`);
    assert.equal(cmp.counts.better, 0);
  }
  const few = compareResults(makeResult({ rtt: latencies(60, 40, 1) }), makeResult({ rtt: latencies(60, 400, 2) }), { tolerance: 0.1 });
  assert.equal(rtt(few, 'p99').outcome, 'inconclusive');
  assert.match(rtt(few, 'p99').reason, /too few samples: 60 < 100/);
  assert.equal(rtt(few, 'p50').outcome, 'worse', 'p50 needs only 20 samples');
});

test('tolerance: a real but small change within tolerance is the same; a per-metric tolerance tightens it', () => {
  const base = makeResult({ rtt: latencies(50_000, 40, 1, 0.2) });
  const next = makeResult({ rtt: latencies(50_000, 43, 2, 0.2) });
  assert.equal(rtt(compareResults(base, next, { tolerance: 0.1 }), 'p50').outcome, 'same');
  assert.equal(rtt(compareResults(base, next, { tolerance: 0.1, metricTolerance: { chunk_rtt_ms: 0.02 } }), 'p50').outcome, 'worse');
});

test('rates: more errors is worse; success judged on the missed fraction', () => {
  const base = makeResult({ rtt: latencies(5000, 40, 1), errors: [{ kind: 'timeout', count: 5 }] });
  const next = makeResult({ rtt: latencies(5000, 40, 1), errors: [{ kind: 'timeout', count: 250 }] });
  const cmp = compareResults(base, next, { tolerance: 0.1 });
  const by = (m: string) => cmp.rows.find((r) => r.metric === m)!;
  assert.equal(by('error_rate').outcome, 'worse');
  assert.equal(by('success_rate').outcome, 'worse', 'a 5 % drop of success is a 50x rise of misses');
  assert.equal(by('chunks_per_s').outcome, 'same');
});

test('shape: different sessions, chunk size, stages and command are named', () => {
  const a = makeResult({ rtt: [10] });
  const b = makeResult({ rtt: [10], sessions: 8, command: 'capacity', scenario: { chunk_ms: 20, stages: ['vad', 'agc'] } });
  assert.deepEqual(shapeDifferences(a, b), [
    'command: sustained → capacity', 'sessions: 4 → 8', 'chunk_ms: 100 → 20', 'stages: ["vad"] → ["vad","agc"]',
  ]);
  assert.deepEqual(shapeDifferences(a, b, ['sessions']).length, 3);
  const c = makeResult({ rtt: [10] });
  c.fingerprint = { ...c.fingerprint, node: 'v24.1.0' };
  assert.deepEqual(compareResults(a, c, { tolerance: 0.1 }).unlike, ['node: v20.19.0 → v24.1.0']);
  c.generator = { ...c.generator, healthy: false };
  assert.match(compareResults(a, c, { tolerance: 0.1 }).cautions[0], /the new run's load generator was overloaded/);
  assert.equal(compareResults(a, c, { tolerance: 0.1 }).rows.some((r) => r.metric === 'send_lag_ms'), false, 'the generator is not the target');
});
