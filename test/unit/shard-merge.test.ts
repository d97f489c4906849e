/** Merging shards: plan identity, each index once, missing ones refused or reported; the one merge for all inputs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkShards, type MergeInput } from '../../src/merge/shards.js';
import { mergeResults } from '../../src/merge/run.js';
import { planFingerprint, type PlanParts, type ShardIdentity } from '../../src/shard/plan.js';
import { parseThresholdFlag } from '../../src/evaluate/thresholds.js';
import type { Result } from '../../src/report/result.js';
import { latencies, makeResult } from './report-fixture.test.js';

const PLAN = 'aaaaaaaaaaaaaaaa';

/** Shard `index` of `count` of a 10-session plan, with its own latencies. */
function shard(index: number, count = 3, over: Partial<ShardIdentity> = {}, seed = index): MergeInput {
  const sessions = Math.ceil((10 - (index - 1)) / count);
  const result: Result = makeResult({ rtt: latencies(100 * sessions, 20 + index * 10, seed), sessions, seconds: 10 });
  result.shard = { index, count, plan: PLAN, total_sessions: 10, start_at: '2026-01-02T03:04:05.000Z', ...over };
  result.worst_session = { index: index - 1 + count * (sessions - 1), p99_ms: 40 + index };
  return { file: `shard-${index}.json`, result };
}

test('checkShards: all shards of one plan, each once', () => {
  const r = checkShards([shard(2), shard(1), shard(3)], false);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.shards, { plan: PLAN, count: 3, merged: [1, 2, 3], missing: [], total_sessions: 10, start_at: '2026-01-02T03:04:05.000Z' });
});

test('checkShards: no shard at all is a plain merge', () => {
  const plain = { file: 'a.json', result: makeResult({ rtt: [10] }) };
  assert.deepEqual(checkShards([plain, plain], false), { shards: null, problems: [], warnings: [] });
});

test('checkShards: refusals name the files', () => {
  const cases: Array<[MergeInput[], RegExp]> = [
    [[shard(1), shard(2), shard(2, 3, {}, 9), shard(3)], /shard-2\.json and shard-2\.json are both shard 2\/3; pass each shard's result once/],
    [[shard(1), shard(3)], /shard 2 of 3 missing \(got 1, 3\); pass every shard's result, or --allow-partial/],
    [[shard(1), shard(2), shard(3, 3, { plan: 'bbbbbbbbbbbbbbbb', start_at: '2026-01-02T03:09:00.000Z' })],
      /shard-3\.json is shard 3\/3 of plan bbbbbbbbbbbbbbbb, not of plan aaaaaaaaaaaaaaaa like shard-1\.json; they differ in start_at: "2026-01-02T03:04:05\.000Z" → "2026-01-02T03:09:00\.000Z"/],
    [[shard(1), { file: 'plain.json', result: makeResult({ rtt: [10] }) }], /plain\.json is not a shard \(it has no "shard" section\) but shard-1\.json is shard 1\/3 of plan aaaaaaaaaaaaaaaa/],
  ];
  for (const [inputs, want] of cases) {
    const r = checkShards(inputs, false);
    assert.match(r.problems.join('\n'), want);
    assert.equal(mergeResults({ inputs, thresholds: [] }).result, undefined, 'mergeResults refuses too');
  }
});

test('--allow-partial merges what is there and says what is missing', () => {
  const inputs = [shard(1), shard(3)];
  const r = checkShards(inputs, true);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.shards?.missing, [2]);
  assert.match(r.warnings[0], /partial merge \(--allow-partial\): shard 2 of 3 missing \(got 1, 3\); the merged result covers 7 of the plan's 10 sessions/);
  const merged = mergeResults({ inputs, thresholds: [], allowPartial: true }).result!;
  assert.deepEqual(merged.shards?.missing, [2]);
  assert.match(merged.warnings[0], /partial merge/);
});

test('mergeResults: shards add up exactly, keep global session indices, and are judged again', () => {
  const inputs = [shard(1), shard(2), shard(3)];
  const { threshold } = parseThresholdFlag('chunk_rtt_ms: p(99) < 45');
  const { result, problems } = mergeResults({ inputs, thresholds: [threshold!] });
  assert.deepEqual(problems, []);
  const r = result!;
  const sum = (f: (x: Result) => number) => inputs.reduce((a, i) => a + f(i.result), 0);
  assert.equal(r.metrics.chunk_rtt_ms.count, sum((x) => x.metrics.chunk_rtt_ms.count));
  assert.equal(r.counts.chunks_acked, sum((x) => x.counts.chunks_acked));
  assert.equal(r.scenario.sessions, 10, 'the shards\' sessions add up to the plan');
  assert.deepEqual(r.worst_session, inputs[2].result.worst_session, 'global index kept, not offset');
  assert.equal(r.shard, undefined);
  assert.deepEqual(r.shards?.merged, [1, 2, 3]);
  assert.match(r.warnings[0], /merged shards 1, 2, 3 of 3 \(plan aaaaaaaaaaaaaaaa, 10 sessions\), schedule started together at 2026-01-02T03:04:05\.000Z/);
  assert.equal(r.thresholds[0].actual, r.metrics.chunk_rtt_ms.p99, 'judged on the merged histogram');
  assert.equal(r.verdict, r.thresholds[0].passed ? 'pass' : 'fail');
});

test('planFingerprint: equal plans hash equally whatever the key order or pipeline path; any setting changes it', () => {
  const base: PlanParts = {
    command: 'sustained', scenario: { sessions: 10, chunk_ms: 100, pipeline: '/a/p.json' }, pipeline: { stages: { vad: {} } },
    target: 'http://t', thresholds: [{ metric: 'chunk_rtt_ms', expression: 'p(95) < 300' }], shardCount: 3, startAtMs: 1,
  };
  const fp = planFingerprint(base);
  assert.match(fp, /^[0-9a-f]{16}$/);
  assert.equal(planFingerprint({ ...base, scenario: { pipeline: '/b/p.json', chunk_ms: 100, sessions: 10 } }), fp);
  const speech = (path: string) => planFingerprint({ ...base, scenario: { ...base.scenario, audio: path } });
  assert.equal(speech('/home/runner/work/speech.wav'), speech('/data/speech.wav'), 'the audio file counts by its name');
  assert.notEqual(speech('/data/speech.wav'), speech('/data/other.wav'));
  const changed: Array<Partial<PlanParts>> = [
    { scenario: { ...base.scenario, sessions: 11 } }, { pipeline: { stages: { vad: { x: 1 } } } }, { target: 'http://u' },
    { thresholds: [] }, { shardCount: 4 }, { startAtMs: 2 }, { command: 'capacity' },
  ];
  for (const c of changed) assert.notEqual(planFingerprint({ ...base, ...c }), fp, JSON.stringify(c));
});
