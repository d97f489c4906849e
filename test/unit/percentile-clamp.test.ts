/** No percentile above the maximum: HDR's bucket tops are clamped in summaries, timelines and thresholds. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newHistogram, recordMs, summarize } from '../../src/measure/histogram.js';
import { percentileFromHdr } from '../../src/evaluate/hdr.js';
import { evaluateThresholds } from '../../src/evaluate/check.js';
import { parseThresholdFlag } from '../../src/evaluate/thresholds.js';
import type { Summary } from '../../src/measure/types.js';

test('summaries and stored histograms never put a percentile above the max', () => {
  const cases: Array<[string, number[]]> = [
    ['one value (connect_ms of one session)', [6.852]],
    ['a spread ending in a bucket top', [40.1, 41.2, 75.014]],
    ['many equal values', Array.from({ length: 1000 }, () => 75.014)],
    ['a long tail', Array.from({ length: 5000 }, (_, i) => 10 + (i % 97) * 0.713)],
  ];
  for (const [name, values] of cases) {
    const h = newHistogram();
    for (const v of values) recordMs(h, v);
    const s = summarize(h);
    for (const p of [s.p50, s.p90, s.p95, s.p99, s.p999]) {
      assert.ok(p <= s.max, `${name}: ${p} > max ${s.max}`);
      assert.ok(p >= s.min, `${name}: ${p} < min ${s.min}`);
    }
    const t = parseThresholdFlag('chunk_rtt_ms: p(75) < 100000').threshold!;
    const [judged] = evaluateThresholds([t], { metrics: { chunk_rtt_ms: s }, timeline: [] } as unknown as Summary);
    assert.ok(judged.actual !== null && judged.actual <= s.max, `${name}: threshold p(75) ${judged.actual} > max ${s.max}`);
    assert.ok(percentileFromHdr(s.hdr, 75) !== null);
  }
});
