import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseThreshold, parseThresholdFlag, parseThresholds } from '../../src/evaluate/thresholds.js';

test('parseThreshold: valid forms', async (t) => {
  const cases: Array<[string, string, Record<string, unknown>]> = [
    ['chunk_rtt_ms', 'p(95) < 300', { aggregation: { name: 'p', percentile: 95 }, op: '<', limit: 300 }],
    ['chunk_rtt_ms', 'p(99.9)<=0.5s', { aggregation: { name: 'p', percentile: 99.9 }, op: '<=', limit: 500 }],
    ['chunk_rtt_ms', 'p( 100 ) < 1e3', { aggregation: { name: 'p', percentile: 100 }, limit: 1000 }],
    ['chunk_rtt_ms', 'p(97.5) < 250ms', { aggregation: { name: 'p', percentile: 97.5 }, limit: 250 }],
    ['connect_ms', 'max < 1000', { aggregation: { name: 'max' }, op: '<', limit: 1000 }],
    ['server_latency_ms', 'avg<=.5', { aggregation: { name: 'avg' }, limit: 0.5 }],
    ['first_audio_ms', 'med >= 1.5s', { aggregation: { name: 'med' }, op: '>=', limit: 1500 }],
    ['create_ms', 'min > 0', { aggregation: { name: 'min' }, op: '>' }],
    ['send_lag_ms', 'count > 10', { aggregation: { name: 'count' }, limit: 10 }],
    ['success_rate', 'rate > 0.95', { kind: 'rate', aggregation: { name: 'rate' }, limit: 0.95 }],
    ['success_rate', 'rate >= 95%', { aggregation: { name: 'rate' }, op: '>=', limit: 0.95 }],
    ['error_rate', 'value < 5%', { aggregation: { name: 'value' }, limit: 0.05 }],
    ['chunks_lost', 'count == 0', { kind: 'counter', op: '==', limit: 0 }],
    ['sessions_failed', 'rate != 2', { aggregation: { name: 'rate' }, op: '!=', limit: 2 }],
    ['chunks_per_s_per_session', 'value >= 9.5', { kind: 'gauge', op: '>=', limit: 9.5 }],
    ['event_loop_delay_p99_ms', 'value < 0.02s', { limit: 20 }],
    ['chunk_rtt_ms', 'p(99) < 300 over 10s', { limit: 300, windowS: 10 }],
    ['chunk_rtt_ms', '  p(50) < 300 over 1m  ', { windowS: 60, expression: 'p(50) < 300 over 1m' }],
  ];
  for (const [metric, expression, want] of cases) {
    await t.test(`${metric}: ${expression}`, () => {
      const { threshold, problem } = parseThreshold(metric, expression);
      assert.equal(problem, undefined);
      assert.ok(threshold);
      assert.equal(threshold.metric, metric);
      for (const [key, value] of Object.entries(want)) assert.deepEqual(threshold[key as keyof typeof threshold], value, key);
      if (!('windowS' in want)) assert.equal(threshold.windowS, undefined);
    });
  }
});

test('parseThreshold: every kind of bad input names the threshold, the reason and the choices', async (t) => {
  const cases: Array<[string, string, string]> = [
    [
      'chunk_rtt_ms',
      'p95 < 300',
      'threshold "chunk_rtt_ms: p95 < 300": unknown aggregation "p95"; use one of avg, min, med, max, p(N), count (did you mean p(95)?)',
    ],
    ['chunk_rtt_ms', 'percentile(99) < 3', 'unknown aggregation "percentile(99)"; use one of avg, min, med, max, p(N), count (did you mean p(99)?)'],
    ['chunk_rtt_ms', 'mean < 3', 'unknown aggregation "mean"; use one of avg, min, med, max, p(N), count (did you mean avg?)'],
    ['chunk_rtt_ms', 'mxa < 3', '(did you mean max?)'],
    ['chunk_rtt_ms', 'foo < 3', 'unknown aggregation "foo"; use one of avg, min, med, max, p(N), count'],
    ['chunk_rtt_ms', 'rate < 3', 'aggregation "rate" does not apply to chunk_rtt_ms (a trend); use one of avg, min, med, max, p(N), count'],
    ['success_rate', 'p(95) > 3', 'aggregation "p(95)" does not apply to success_rate (a rate); use one of rate, value'],
    ['chunks_lost', 'avg == 0', 'aggregation "avg" does not apply to chunks_lost (a counter); use one of count, rate'],
    ['chunks_per_s', 'count > 1', 'aggregation "count" does not apply to chunks_per_s (a gauge); use one of value'],
    ['chunk_rtt_ms', 'p(0) < 3', 'percentile 0 is out of range; p(N) needs 0 < N <= 100'],
    ['chunk_rtt_ms', 'p(101) < 3', 'percentile 101 is out of range'],
    ['chunk_rtt_ms', '< 300', 'missing aggregation; use one of avg, min, med, max, p(N), count'],
    ['chunk_rtt_ms', 'p(95) 300', 'missing comparison operator; expected <aggregation> <operator> <number>, e.g. p(95) < 300; use one of <, <=, >, >=, ==, !='],
    ['chunk_rtt_ms', 'p(95) = 300', 'unknown operator "="; use one of <, <=, >, >=, ==, !='],
    ['chunk_rtt_ms', 'p(95) =< 300', 'unknown operator "=<"'],
    ['chunk_rtt_ms', 'p(95) <', 'missing number after the operator'],
    ['chunk_rtt_ms', 'p(95) < abc', 'invalid limit "abc"; expected a number, with ms or s (a bare number means ms)'],
    ['chunk_rtt_ms', 'p(95) < 300 ms extra', 'invalid limit "300 ms extra"'],
    ['chunk_rtt_ms', 'p(95) < 3m', 'unknown unit "m"; use ms or s (a bare number means ms)'],
    ['chunk_rtt_ms', 'p(95) < 30%', 'unit "%" does not apply to chunk_rtt_ms; use ms or s (a bare number means ms)'],
    ['chunk_rtt_ms', 'count < 3s', 'unit "s" does not apply to chunk_rtt_ms count; use no unit'],
    ['success_rate', 'rate > 300ms', 'unit "ms" does not apply to success_rate rate; use % (a bare number is a fraction 0..1)'],
    ['chunks_lost', 'count < 5%', 'unit "%" does not apply to chunks_lost; use no unit'],
    ['success_rate', 'rate > 95', 'limit 95 is outside 0..1; success_rate is a fraction, write 0.95 or 95% (did you mean 95%?)'],
    ['error_rate', 'rate < 150%', 'limit 150% is outside 0..1'],
    ['chunk_rtt_ms', 'p(99) < 300 over', 'missing duration after "over"; e.g. over 10s'],
    ['chunk_rtt_ms', 'p(99) < 300 over soon', 'invalid window "soon" after "over"; expected a duration such as 10s or 1m'],
    ['chunk_rtt_ms', 'p(99) < 300 over 10', 'invalid window "10" after "over"'],
    ['chunk_rtt_ms', 'p(99) < 300 over 1500ms', 'window "1500ms" is not a whole number of seconds (the timeline has 1s resolution)'],
    ['chunk_rtt_ms', 'avg < 300 over 10s', 'windows ("over 10s") are supported only for chunk_rtt_ms with p(50), p(95) or p(99)'],
    ['chunk_rtt_ms', 'p(90) < 300 over 10s', 'supported only for chunk_rtt_ms'],
    ['server_latency_ms', 'p(99) < 300 over 10s', 'supported only for chunk_rtt_ms'],
    ['chunk_rt_ms', 'p(95) < 300', 'threshold "chunk_rt_ms: p(95) < 300": unknown metric "chunk_rt_ms"; use one of chunk_rtt_ms, first_audio_ms,'],
    ['chunk_rt_ms', 'p(95) < 300', ' (did you mean chunk_rtt_ms?)'],
    ['latency', 'p(95) < 300', 'unknown metric "latency"; use one of '],
  ];
  for (const [metric, expression, want] of cases) {
    await t.test(`${metric}: ${expression}`, () => {
      const { threshold, problem } = parseThreshold(metric, expression);
      assert.equal(threshold, undefined);
      assert.ok(problem?.startsWith(`threshold "${metric}: ${expression.trim()}": `), problem);
      assert.ok(problem?.includes(want), `${problem}\n  should include\n${want}`);
    });
  }
});

test('unknown metric lists every known metric', () => {
  const { problem } = parseThreshold('nope', 'value > 1');
  for (const name of ['chunk_rtt_ms', 'create_ms', 'success_rate', 'error_rate', 'sequence_anomalies', 'worst_session_p99_ms']) {
    assert.ok(problem?.includes(name), name);
  }
  assert.ok(!problem?.includes('did you mean'));
});

test('parseThresholds: object and list forms collect every problem', () => {
  const fromObject = parseThresholds({
    chunk_rtt_ms: ['p(95) < 300', 'p95 < 300'],
    success_rate: ['rate > 0.95'],
    bogus: ['value > 1'],
    error_rate: 'rate < 0.05',
    chunks_lost: [0],
  });
  assert.deepEqual(
    fromObject.thresholds.map((t) => `${t.metric}: ${t.expression}`),
    ['chunk_rtt_ms: p(95) < 300', 'success_rate: rate > 0.95'],
  );
  assert.equal(fromObject.problems.length, 4);
  assert.match(fromObject.problems[0], /^thresholds for "error_rate" must be a list of expressions/);
  assert.match(fromObject.problems[1], /unknown aggregation "p95"/);
  assert.match(fromObject.problems[2], /unknown metric "bogus"/);
  assert.match(fromObject.problems[3], /threshold for "chunks_lost": expected an expression string .* got 0/);

  const fromList = parseThresholds([
    { metric: 'connect_ms', expression: 'max < 1s' },
    { metric: 'connect_ms', expression: 'max <' },
  ]);
  assert.equal(fromList.thresholds.length, 1);
  assert.equal(fromList.thresholds[0].limit, 1000);
  assert.deepEqual(fromList.problems, ['threshold "connect_ms: max <": missing number after the operator']);
});

test('parseThresholdFlag: metric: expression', async (t) => {
  const ok: Array<[string, string, number]> = [
    ['chunk_rtt_ms: p(95) < 300', 'chunk_rtt_ms', 300],
    ['  success_rate :rate>95%', 'success_rate', 0.95],
    ['chunk_rtt_ms: p(99) < 1s over 5s', 'chunk_rtt_ms', 1000],
  ];
  for (const [text, metric, limit] of ok) {
    await t.test(text, () => {
      const { threshold, problem } = parseThresholdFlag(text);
      assert.equal(problem, undefined);
      assert.equal(threshold?.metric, metric);
      assert.equal(threshold?.limit, limit);
    });
  }
  const bad: Array<[string, string]> = [
    ['p(95) < 300', 'threshold "p(95) < 300": expected "<metric>: <expression>", e.g. "chunk_rtt_ms: p(95) < 300"'],
    ['chunk_rtt_ms: p(95) < ', 'threshold "chunk_rtt_ms: p(95) <": missing number after the operator'],
    ['chunk_rtt: p(95) < 300', 'threshold "chunk_rtt: p(95) < 300": unknown metric "chunk_rtt"'],
  ];
  for (const [text, want] of bad) {
    await t.test(text, () => {
      const { threshold, problem } = parseThresholdFlag(text);
      assert.equal(threshold, undefined);
      assert.ok(problem?.startsWith(want), problem);
    });
  }
});

test('names that Object.prototype carries are unknown metrics and aggregations, not crashes', () => {
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
    const asMetric = parseThresholdFlag(`${name}: avg < 1`);
    assert.equal(asMetric.threshold, undefined, name);
    assert.match(asMetric.problem ?? '', new RegExp(`unknown metric "${name}"`));
    const asAggregation = parseThresholdFlag(`chunk_rtt_ms: ${name} < 1`);
    assert.match(asAggregation.problem ?? '', new RegExp(`unknown aggregation "${name}"`));
  }
  // A profile's JSON may hold "__proto__" as an own key.
  const fromJson = parseThresholds(JSON.parse('{"__proto__": ["avg < 1"], "constructor": ["count < 1"]}'));
  assert.equal(fromJson.thresholds.length, 0);
  assert.equal(fromJson.problems.length, 2);
  assert.match(fromJson.problems.join('\n'), /unknown metric "__proto__"[\s\S]*unknown metric "constructor"/);
});
