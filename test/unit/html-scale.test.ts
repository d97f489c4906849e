/** The chart arithmetic of the HTML report: ticks, y ranges, thinning for drawing, hover bands. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketRanges, downsample, hoverBands, niceTicks, yRange } from '../../src/report/html/scale.js';

test('niceTicks: round steps covering the range; whole numbers for counts', () => {
  const cases: Array<[number, number, boolean, number[]]> = [
    [0, 1, false, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [0, 1, true, [0, 1]],
    [0, 2, true, [0, 1, 2]],
    [0, 12, true, [0, 5, 10, 15]],
    [0, 7, false, [0, 2, 4, 6, 8]],
    [0, 130, false, [0, 50, 100, 150]],
    [0, 11, true, [0, 5, 10, 15]],
    [0, 3, true, [0, 1, 2, 3]],
    [95, 100, false, [95, 96, 97, 98, 99, 100]],
    [5, 5, true, [5]],
  ];
  for (const [min, max, integer, want] of cases) assert.deepEqual(niceTicks(min, max, 5, integer), want, `${min}..${max} integer=${integer}`);
  for (let max = 1; max < 40; max++) assert.ok(niceTicks(0, max, 5, true).every(Number.isInteger), `integer ticks up to ${max}`);
});

test('yRange: from the data only; zero-based unless asked to fit; explicit bounds win', () => {
  const cases: Array<[number[], Parameters<typeof yRange>[1], number, number]> = [
    [[20, 30, 40], {}, 0, 40],
    [[20, 30, 41], {}, 0, 50],
    [[], {}, 0, 1],
    [[0, 0], { integer: true }, 0, 1],
    [[96, 100], { fit: 'data', max: 100 }, 95, 100],
    [[100, 100], { fit: 'data', max: 100 }, 99, 100],
    [[1, 2], { min: 0, max: 100 }, 0, 100],
  ];
  for (const [values, o, lo, hi] of cases) {
    const ys = yRange(values, o);
    assert.deepEqual([ys[0], ys[ys.length - 1]], [lo, hi], `${JSON.stringify(values)} ${JSON.stringify(o)} → ${ys.join(',')}`);
  }
});

test('bucketRanges: consecutive, covering, at most the bucket count', () => {
  for (const [n, b] of [[0, 5], [1, 5], [10, 3], [7200, 240], [239, 240]]) {
    const r = bucketRanges(n, b);
    assert.ok(r.length <= b, `${n}/${b}: ${r.length} buckets`);
    assert.equal(r.reduce((a, [x, y]) => a + (y - x), 0), n);
    r.forEach(([x], i) => assert.equal(x, i === 0 ? 0 : r[i - 1][1]));
  }
});

test('downsample: short series untouched; long ones keep every bucket extreme, in order, and gaps', () => {
  const short: Array<[number, number | null]> = [[0, 1], [1, null], [2, 3]];
  assert.equal(downsample(short, 10), short);
  const long: Array<[number, number | null]> = Array.from({ length: 7200 }, (_, i) => [i, i >= 100 && i < 200 ? null : 10 + (i % 7)]);
  long[4321] = [4321, 999];
  const thin = downsample(long, 350);
  assert.ok(thin.length <= 700, `${thin.length} points`);
  assert.ok(thin.some(([x, y]) => x === 4321 && y === 999), 'the spike survives');
  assert.ok(thin.some(([, y]) => y === null), 'the gap survives');
  assert.ok(thin.every(([x], i) => i === 0 || x > thin[i - 1][0]), 'x increases');
});

test('hoverBands: exact values per x when few; max, where, and min per band when many', () => {
  const few = hoverBands([{ name: 'p99', points: [[0, 5], [1, null], [2, 7]] }], 10);
  assert.deepEqual(few.map((b) => [b.x0, b.x1, b.values[0].n, b.values[0].max]), [[0, 0, 1, 5], [1, 1, 0, null], [2, 2, 1, 7]]);
  const pts: Array<[number, number | null]> = Array.from({ length: 7200 }, (_, i) => [i, 20]);
  pts[5000] = [5000, 321.5];
  const bands = hoverBands([{ name: 'p99', points: pts }], 240);
  assert.equal(bands.length, 240);
  const hit = bands.filter((b) => b.values[0].max === 321.5);
  assert.equal(hit.length, 1);
  assert.deepEqual([hit[0].values[0].maxAt, hit[0].values[0].min, hit[0].x0 <= 5000 && hit[0].x1 >= 5000], [5000, 20, true]);
  assert.equal(bands.reduce((a, b) => a + b.values[0].n, 0), 7200, 'every value is in some band');
});
