/**
 * The one-pass summaries (summarize, percentileMs, percentilesMs, Timeline.points) give exactly what
 * the code before them gave, which asked hdr-histogram-js for each figure with a walk of its own.
 * That code is kept here as the reference; every field must match to the last digit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addEncoded, decodeHistogram, encodeHistogram, newHistogram, percentileMs, percentilesMs, recordMs, summarize, type Histogram,
} from '../../src/measure/histogram.js';
import { Timeline } from '../../src/measure/timeline.js';
import { refPercentileMs, refSummarize } from '../helpers/hdr-reference.js';

/** A small seeded generator (mulberry32): the same histograms on every run. */
function prng(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Kind = 'full' | 'compact';
const KINDS: Kind[] = ['full', 'compact'];
const MAX_US = 60_000_000;

/** A histogram of integer microseconds. */
function of(kind: Kind, values: Iterable<number>): Histogram {
  const h = newHistogram(kind);
  for (const v of values) h.recordValue(v);
  return h;
}
const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

/** Every case by name, for both kinds. */
function cases(): Array<[string, Histogram]> {
  const out: Array<[string, Histogram]> = [];
  for (const kind of KINDS) {
    const add = (name: string, h: Histogram) => out.push([`${kind}: ${name}`, h]);
    add('empty', of(kind, []));
    for (const v of [0, 1, 2, 999, 1000, 6852, 75014, MAX_US]) add(`one value ${v} µs`, of(kind, [v]));
    add('zeros only', of(kind, times(10, () => 0)));
    add('a zero and values (min is 0, not the smallest non-zero)', of(kind, [0, 5000, 7000, 9000]));
    for (const n of [2, 3, 10, 1000, 1001]) add(`${n} equal values`, of(kind, times(n, () => 75014)));
    // Bucket edges: powers of two and their neighbours, and the edges of each kind's sub-buckets.
    const edges: number[] = [];
    for (let e = 0; e <= 26; e++) for (const d of [-1, 0, 1]) if (2 ** e + d >= 0) edges.push(2 ** e + d);
    add('values at bucket edges', of(kind, edges));
    for (const e of [7, 8, 11, 12, 20]) add(`a pair across 2^${e}`, of(kind, [2 ** e - 1, 2 ** e]));
    add('1 µs to 60 s, one each', of(kind, [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, MAX_US]));
    // Totals whose percentile counts are whole numbers, and their neighbours.
    for (const n of [1, 2, 9, 10, 11, 99, 100, 101, 999, 1000, 1001, 2000, 4096, 10_000]) {
      add(`1..${n} ms`, of(kind, times(n, (i) => (i + 1) * 1000)));
    }
    for (let seed = 1; seed <= 12; seed++) {
      const r = prng(seed * 7919 + (kind === 'full' ? 0 : 1));
      const n = 1 + Math.floor(r() * 20_000);
      add(`seed ${seed}: ${n} uniform 1 µs-60 s`, of(kind, times(n, () => Math.floor(r() * MAX_US) + 1)));
      add(`seed ${seed}: ${n} log-uniform 1 µs-60 s`, of(kind, times(n, () => Math.round(Math.exp(r() * Math.log(MAX_US))))));
      add(`seed ${seed}: ${n} RTT-like`, of(kind, times(n, () => {
        if (r() < 0.002) return Math.round(500_000 + r() * 5_000_000);
        const gauss = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
        return Math.round(5000 + 15000 * Math.exp(0.6 * gauss));
      })));
      add(`seed ${seed}: bimodal with zeros`, of(kind, times(n, () => (r() < 0.1 ? 0 : r() < 0.5 ? 800 + Math.floor(r() * 50) : 40_000 + Math.floor(r() * 9000)))));
      const h = newHistogram(kind);
      for (let i = 0; i < 50; i++) h.recordValueWithCount(Math.floor(r() * 200_000), 1 + Math.floor(r() * 5000));
      add(`seed ${seed}: 50 values with large counts`, h);
      add(`seed ${seed}: ${n % 50} values (small totals)`, of(kind, times(n % 50, () => Math.floor(r() * 100_000))));
    }
    // Through recordMs, as the recorder fills them (fractions of a millisecond, negatives clamp to 0).
    const r = prng(kind === 'full' ? 11 : 12);
    const viaMs = newHistogram(kind);
    for (let i = 0; i < 5000; i++) recordMs(viaMs, r() * 300 - 10);
    add('recordMs, -10 to 290 ms', viaMs);
  }
  // Built by `add`: same kind, compact into full (a different layout), and merged encodings.
  for (let seed = 1; seed <= 6; seed++) {
    const r = prng(seed * 104_729);
    const parts = (kind: Kind) => times(5, () => of(kind, times(1 + Math.floor(r() * 3000), () => Math.floor(r() * (r() < 0.5 ? 100_000 : MAX_US)))));
    for (const [into, from] of [['full', 'full'], ['compact', 'compact'], ['full', 'compact']] as const) {
      const sum = newHistogram(into);
      for (const p of parts(from)) sum.add(p);
      out.push([`seed ${seed}: ${from} added into ${into}`, sum]);
    }
    const encoded = parts('compact').map(encodeHistogram);
    out.push([`seed ${seed}: addEncoded`, addEncoded(encoded)]);
    out.push([`seed ${seed}: decoded`, decodeHistogram(encoded[0])]);
  }
  return out;
}

const PERCENTILES = [0, 1e-4, 0.1, 1, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100, 120, -1, NaN, 100 / 3, 200 / 3];

test('summarize gives the same summary as the per-figure hdr walks', () => {
  const all = cases();
  assert.ok(all.length > 200, `${all.length} cases`);
  for (const [name, h] of all) {
    for (const withHdr of [false, true]) assert.deepEqual(summarize(h, withHdr), refSummarize(h, withHdr), name);
  }
});

test('percentileMs and percentilesMs give the same values as the per-figure hdr walks', () => {
  for (const [name, h] of cases()) {
    const want = PERCENTILES.map((p) => refPercentileMs(h, p));
    assert.deepEqual(PERCENTILES.map((p) => percentileMs(h, p)), want, name);
    assert.deepEqual(percentilesMs(h, PERCENTILES), want, `${name} (in one call, unordered)`);
    const ordered = [0, 50, 90, 95, 99, 99.9, 100, 100];
    assert.deepEqual(percentilesMs(h, ordered), ordered.map((p) => refPercentileMs(h, p)), `${name} (in one call, in order)`);
  }
});

test('Timeline.points: p50/p95/p99 as per-figure walks give them, also after a cached interval changes', () => {
  const r = prng(2024);
  const timeline = new Timeline(0, 1000);
  const mirrors: Histogram[] = [];
  const check = (when: string) => {
    const points = timeline.points();
    assert.equal(points.length, mirrors.length, when);
    points.forEach((pt, i) => {
      const h = mirrors[i];
      const want = h && h.totalCount ? [50, 95, 99].map((p) => refPercentileMs(h, p)) : [null, null, null];
      assert.deepEqual([pt.p50_ms, pt.p95_ms, pt.p99_ms], want, `${when}: interval ${i}`);
      assert.equal(pt.hdr, h && h.totalCount ? encodeHistogram(h) : undefined, `${when}: interval ${i} hdr`);
    });
  };
  for (let round = 0; round < 8; round++) {
    // Mostly the newest seconds, sometimes a late reply into an older one; some seconds only send.
    for (let k = 0; k < 400; k++) {
      const due = r() < 0.9 ? (round * 3 + r() * 3) * 1000 : r() * round * 3000;
      const i = Math.floor(due / 1000);
      while (mirrors.length <= i) mirrors.push(newHistogram('compact'));
      if (r() < 0.1) {
        timeline.sent(due, 1);
        continue;
      }
      const rtt = r() < 0.01 ? 2000 + r() * 3000 : 5 + r() * r() * 200;
      timeline.acked(due, rtt);
      recordMs(mirrors[i], rtt);
    }
    check(`round ${round}`);
  }
  check('again, nothing changed');
});
