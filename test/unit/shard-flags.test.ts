/** --shard and --start-at: every accepted form and every refusal, with the clock and environment as inputs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_START_WAIT_MS, parseShard, parseStartAt, resolveShardFlags, shardSessionsProblem, waitingLine } from '../../src/shard/flags.js';

test('parseShard: I/N is 1-based; auto/N takes JOB_COMPLETION_INDEX + 1', () => {
  const ok: Array<[string, Record<string, string>, number, number]> = [
    ['1/1', {}, 1, 1], ['2/4', {}, 2, 4], [' 4 / 4 ', {}, 4, 4],
    ['auto/4', { JOB_COMPLETION_INDEX: '0' }, 1, 4], ['AUTO/4', { JOB_COMPLETION_INDEX: '3' }, 4, 4],
  ];
  for (const [text, env, index, count] of ok) assert.deepEqual(parseShard(text, env), { shard: { index, count } }, text);
});

test('parseShard: refusals name the flag and the fix', () => {
  const bad: Array<[string, Record<string, string>, RegExp]> = [
    ['2', {}, /is not I\/N or auto\/N; write e\.g\. --shard 2\/4/],
    ['a/b', {}, /is not I\/N/],
    ['0/4', {}, /numbered from 1 to 4; did you mean 1\/4\?/],
    ['5/4', {}, /index must be from 1 to 4/],
    ['1/0', {}, /shard count must be from 1 to 10000/],
    ['auto/4', {}, /JOB_COMPLETION_INDEX is not set; .*Indexed Job.*--shard 1\/4/],
    ['auto/4', { JOB_COMPLETION_INDEX: '4' }, /JOB_COMPLETION_INDEX="4" is not an index from 0 to 3; make the Job's completions and parallelism both 4/],
    ['auto/4', { JOB_COMPLETION_INDEX: '-1' }, /is not an index from 0 to 3/],
  ];
  for (const [text, env, want] of bad) {
    const r = parseShard(text, env);
    assert.equal(r.shard, undefined, text);
    assert.match(r.problem ?? '', /^--shard: /, text);
    assert.match(r.problem ?? '', want, text);
  }
});

test('shardSessionsProblem: more shards than sessions is refused on every shard alike', () => {
  assert.equal(shardSessionsProblem({ index: 4, count: 4 }, 4), null);
  assert.equal(shardSessionsProblem({ index: 1, count: 4 }, 100), null);
  assert.match(shardSessionsProblem({ index: 1, count: 8 }, 4) ?? '', /8 shards for 4 sessions leave shards 5-8 without a session; use at most 4 shards/);
});

const NOW = Date.parse('2026-11-29T19:00:00.000Z');

test('parseStartAt: ISO 8601 with a zone or epoch ms, in the future, within the bound', () => {
  const ok: Array<[string, number]> = [
    ['2026-11-29T19:00:30Z', NOW + 30_000],
    ['2026-11-29T19:00:30.250Z', NOW + 30_250],
    ['2026-11-29T20:00:30+01:00', NOW + 30_000],
    [String(NOW + 5000), NOW + 5000],
  ];
  for (const [text, ms] of ok) assert.deepEqual(parseStartAt(text, NOW), { startAtMs: ms }, text);
});

test('parseStartAt: a time in the past names the clock skew; others name the format or the bound', () => {
  const bad: Array<[string, RegExp]> = [
    ['2026-11-29T18:59:47.700Z', /2026-11-29T18:59:47\.700Z is 12\.3 s in the past by this machine's clock \(now 2026-11-29T19:00:00\.000Z\).*clock skew of at least 12\.3 s/],
    [String(NOW), /0\.0 s in the past/],
    ['2026-11-29T19:00:30', /not an ISO 8601 time with a zone or epoch ms; write e\.g\. 2026-11-29T19:01:00Z/],
    ['tomorrow', /not an ISO 8601 time/],
    ['1764442800', /not epoch milliseconds .*epoch seconds\? multiply by 1000/],
    [String(NOW + MAX_START_WAIT_MS + 1000), /3601\.0 s ahead; the wait is bounded at 60 min/],
    ['2026-13-45T19:00:00Z', /not a valid date/],
  ];
  for (const [text, want] of bad) {
    const r = parseStartAt(text, NOW);
    assert.equal(r.startAtMs, undefined, text);
    assert.match(r.problem ?? '', /^--start-at: /, text);
    assert.match(r.problem ?? '', want, text);
  }
});

test('resolveShardFlags: --shard needs --target; every problem at once', () => {
  assert.deepEqual(resolveShardFlags({}, 10, false, {}, NOW), { shard: null, startAtMs: null, problems: [] });
  assert.deepEqual(resolveShardFlags({ shard: '2/3', 'start-at': String(NOW + 1000) }, 10, true, {}, NOW),
    { shard: { index: 2, count: 3 }, startAtMs: NOW + 1000, problems: [] });
  const r = resolveShardFlags({ shard: '1/20', 'start-at': '2020-01-01T00:00:00Z' }, 10, false, {}, NOW);
  assert.equal(r.problems.length, 3, r.problems.join('\n'));
  assert.match(r.problems.join('\n'), /20 shards for 10 sessions/);
  assert.match(r.problems.join('\n'), /--shard needs --target/);
  assert.match(r.problems.join('\n'), /in the past/);
});

test('waitingLine says who waits for what', () => {
  assert.equal(waitingLine({ shard: { index: 2, count: 4 }, startAtMs: NOW + 8100, sessions: 12 }, NOW),
    'shard 2/4 of 12 sessions: schedule starts at 2026-11-29T19:00:08.100Z (in 8.1 s; Ctrl-C to cancel)');
});
