/** Timeline JSON Lines, the Markdown summary, and the output flags that write them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aggregateTimeline, renderTimelineJsonl } from '../../src/report/timeline-jsonl.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { outputFileProblem, REPORT_FILES, resolveOutputs, writeOutput } from '../../src/spine/outputs.js';
import type { Result } from '../../src/report/result.js';
import { percentileFromHdr } from '../../src/evaluate/hdr.js';
import { addEncoded, summarize } from '../../src/measure/histogram.js';
import { latencies, makeResult } from './report-fixture.test.js';

const sample = () =>
  makeResult({
    rtt: latencies(1000, 40, 7),
    seconds: 5,
    errors: [{ kind: 'timeout', count: 3 }, { kind: 'error_reply', count: 2 }],
    thresholds: [
      { metric: 'chunk_rtt_ms', expression: 'p(95) < 300', actual: 80, limit: 300, op: '<', passed: true },
      { metric: 'error_rate', expression: 'rate < 0.001', actual: 0.005, limit: 0.001, op: '<', passed: false },
    ],
  });

test('timeline JSON Lines: one record per second with rates, percentiles, errors by kind and sessions', () => {
  const r = sample();
  const lines = renderTimelineJsonl(r).trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 5);
  assert.deepEqual(lines.map((l) => l.t_s), [0, 1, 2, 3, 4]);
  assert.equal(lines[0].chunks_acked_per_s, 200);
  assert.equal(lines[0].chunks_sent_per_s, 205);
  assert.deepEqual(lines[0].errors_by_kind, { timeout: 3, error_reply: 2 });
  assert.equal(lines[0].errors, 5);
  assert.equal(lines[1].p99_ms, r.timeline[1].p99_ms);
  assert.equal(lines[3].sessions_open, 4);
  assert.equal(lines.reduce((a, l) => a + l.chunks_acked, 0), r.counts.chunks_acked);
});

test('timeline intervals: counts summed, rates per second, percentiles from the seconds, a short last interval says so', () => {
  const pts = makeResult({ rtt: latencies(500, 20), seconds: 5 }).timeline;
  const recs = aggregateTimeline(pts, 2);
  assert.deepEqual(recs.map((x) => [x.t_s, x.interval_s]), [[0, 2], [2, 2], [4, 1]]);
  assert.equal(recs[0].chunks_acked, pts[0].chunks_acked + pts[1].chunks_acked);
  assert.equal(recs[0].p99_ms, percentileFromHdr(summarize(addEncoded([pts[0].hdr!, pts[1].hdr!])).hdr, 99), 'exact from the histograms');
  assert.equal(recs[1].chunks_sent_per_s, (pts[2].chunks_sent + pts[3].chunks_sent) / 2);
  assert.equal(recs[2].chunks_acked_per_s, pts[4].chunks_acked);
  assert.equal(recs[2].p95_ms, pts[4].p95_ms, 'a single second keeps its own value');
  assert.equal('hdr' in recs[0], false, 'records leave the histograms out');
  assert.deepEqual(aggregateTimeline([], 5), []);
});

test('timeline intervals without histograms: percentiles weighted by acks; a second without acks does not weigh in', () => {
  const pts = makeResult({ rtt: latencies(500, 20), seconds: 4 }).timeline.map(({ hdr, ...p }) => p);
  pts[1] = { ...pts[1], p99_ms: null, chunks_acked: 0 };
  const recs = aggregateTimeline(pts, 2);
  assert.equal(recs[0].p99_ms, pts[0].p99_ms);
  const w = (pts[2].p99_ms! * pts[2].chunks_acked + pts[3].p99_ms! * pts[3].chunks_acked) / (pts[2].chunks_acked + pts[3].chunks_acked);
  assert.equal(recs[1].p99_ms, Math.round(w * 1000) / 1000);
});

test('Markdown summary: verdict first, latency and threshold tables, warnings, fingerprint', () => {
  const r = sample();
  r.warnings = ['the server | closed 1 socket'];
  r.verdict = 'fail';
  const md = renderMarkdown(r as ReturnType<typeof sample>);
  assert.match(md.split('\n')[0], /^## ❌ pipebench sustained: FAIL$/);
  assert.match(md, /\| chunk_rtt_ms \| 1000 \| [\d.]+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \|/);
  assert.match(md, /\| error_rate \| `rate < 0\.001` \| 0\.005 \| ❌ \*\*fail\*\* \|/);
  assert.match(md, /^- the server \| closed 1 socket$/m);
  assert.match(md, /pipebench 0\.1\.0, Node v20\.19\.0, linux test x64, Test CPU × 4/);
});

test('output flags: validated before the run, every problem at once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-out-'));
  try {
    const problems = resolveOutputs({ junit: 'nope/j.xml', html: join(dir, 'ok.html'), timeline: 't.jsonl', interval: '1500ms', json: dir }, dir).problems;
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.match(problems[0], /--junit nope\/j\.xml: the directory .*nope does not exist/);
    assert.match(problems[1], /--json .*: is a directory; give a file name/);
    assert.match(problems[2], /--interval: "1500ms" is not a whole number of seconds/);
    assert.deepEqual(resolveOutputs({ timeline: 't.jsonl', interval: '5s' }, dir).problems, []);
    assert.match(resolveOutputs({ interval: '5s' }, dir).problems[0], /applies to --timeline/);
    assert.match(resolveOutputs({ junit: 'a.xml', html: './a.xml' }, dir).problems[0], /--html \.\/a\.xml: --junit writes the same file/);
    assert.equal(outputFileProblem('json', '/dev/full', dir), undefined, 'an existing writable file is fine');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an existing file that cannot be written is found before the run', { skip: process.getuid?.() === 0 ? 'root may write any file' : false }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-out-'));
  try {
    const file = join(dir, 'ro.json');
    writeFileSync(file, '{}');
    chmodSync(file, 0o444);
    assert.match(outputFileProblem('json', file, dir) ?? '', /cannot write the file \(EACCES/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeOutput writes each file and reports the one it cannot write', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-out-'));
  try {
    const r: Result = sample();
    const { outputs } = resolveOutputs({ junit: 'r.xml', timeline: 't.jsonl', interval: '5s', html: 'r.html', 'summary-md': 's.md' }, dir);
    const files = [...outputs.files, { flag: 'json' as const, path: '/dev/full', shown: '/dev/full' }];
    const problems = files.map((f) => writeOutput(f, r, outputs.intervalS, REPORT_FILES)).filter(Boolean);
    assert.deepEqual(problems, ['--json /dev/full: cannot write it (ENOSPC: no space left on device, write)']);
    assert.match(readFileSync(join(dir, 'r.xml'), 'utf8'), /<testsuites /);
    assert.equal(readFileSync(join(dir, 't.jsonl'), 'utf8').trimEnd().split('\n').length, 1);
    assert.match(readFileSync(join(dir, 'r.html'), 'utf8'), /^<!doctype html>/);
    assert.match(readFileSync(join(dir, 's.md'), 'utf8'), /^## /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Markdown summary of a capacity run: the capacity figure first, then the level the latencies come from', () => {
  for (const [max, figure] of [[30, 'Capacity: **30** sessions'], [null, 'Capacity: **no level passed**']] as const) {
    const r = sample() as Omit<ReturnType<typeof sample>, 'levels' | 'capacity'> & { levels: unknown[]; capacity: unknown };
    r.command = 'capacity';
    r.levels = [{ sessions: 10, p50_ms: 5, p95_ms: 9, p99_ms: 12, success_rate: 1, verdict: 'pass', broken_by: [] }];
    r.capacity = { max_sessions: max, broken_by: ['p(99) < 10'] };
    const md = renderMarkdown(r as ReturnType<typeof sample>);
    const at = (s: string) => md.indexOf(s);
    assert.ok(at(figure) > 0, md);
    assert.ok(at('### Capacity') < at('### At 4 sessions') && at('### At 4 sessions') < at('### Thresholds'), md);
    assert.ok(at('### Capacity') < at('| chunk_rtt_ms |'), 'capacity before the latency table');
    assert.doesNotMatch(md, /none\*\* sessions/);
  }
});
