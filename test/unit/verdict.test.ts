import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXIT } from '../../src/cli/io.js';
import type { ThresholdResult } from '../../src/evaluate/check.js';
import { EXIT_CODES } from '../../src/evaluate/exit-codes.js';
import { checkGenerator, generatorBoundsMs } from '../../src/evaluate/generator.js';
import { decideVerdict, type VerdictInput } from '../../src/evaluate/verdict.js';
import type { LatencySummary, Summary } from '../../src/measure/types.js';

test('evaluate/ exit codes match the public table in cli/io.ts', () => {
  assert.deepEqual(EXIT_CODES, EXIT);
});

const result = (passed: boolean): ThresholdResult => ({
  metric: 'chunk_rtt_ms', expression: 'p(95) < 300', actual: passed ? 100 : 400, limit: 300, op: '<', passed,
});

test('decideVerdict: precedence interrupted > unusable > invalid > fail > pass', async (t) => {
  const base: VerdictInput = { thresholds: [result(true), result(true)], generator: { healthy: true }, interrupted: false, sessionsStarted: 4 };
  const cases: Array<[string, Partial<VerdictInput>, string, number, string]> = [
    ['all passed', {}, 'pass', 0, 'all 2 thresholds passed'],
    ['no thresholds', { thresholds: [] }, 'pass', 0, 'all 0 thresholds passed'],
    ['one failed', { thresholds: [result(true), result(false)] }, 'fail', 1, '1 of 2 thresholds failed'],
    ['generator unhealthy', { generator: { healthy: false } }, 'invalid', 4, 'the load generator was the bottleneck'],
    ['unhealthy and failed', { generator: { healthy: false }, thresholds: [result(false)] }, 'invalid', 4, 'the load generator was the bottleneck'],
    ['no session started', { sessionsStarted: 0, thresholds: [result(false)], generator: { healthy: false } }, 'unusable', 3, 'no session could be started'],
    ['target unusable', { targetUnusable: 'connection refused at 127.0.0.1:3000' }, 'unusable', 3, 'connection refused at 127.0.0.1:3000'],
    ['interrupted', { interrupted: true, thresholds: [result(false)] }, 'interrupted', 130, 'the run was interrupted'],
    ['interrupted before any session', { interrupted: true, sessionsStarted: 0, targetUnusable: 'x' }, 'interrupted', 130, 'the run was interrupted'],
  ];
  for (const [name, patch, verdict, exitCode, reason] of cases) {
    await t.test(name, () => assert.deepEqual(decideVerdict({ ...base, ...patch }), { verdict, exitCode, reason }));
  }
});

function generatorSummary(sendLagP99: number, loopP99: number, samples = 100): Summary {
  const sendLag = { count: samples, p99: sendLagP99 } as LatencySummary;
  return { metrics: { send_lag_ms: sendLag }, event_loop_delay_p99_ms: loopP99 } as unknown as Summary;
}

test('generator bounds are a quarter of the chunk interval', () => {
  assert.deepEqual(generatorBoundsMs(100), { sendLagP99Ms: 25, eventLoopDelayP99Ms: 25 });
  assert.deepEqual(generatorBoundsMs(20), { sendLagP99Ms: 5, eventLoopDelayP99Ms: 5 });
});

test('checkGenerator for batch speaks of requests, --rate and --concurrency, not chunks and --sessions', () => {
  const { healthy, warnings } = checkGenerator(generatorSummary(41, 30), 100, undefined, 'batch');
  assert.equal(healthy, false);
  for (const w of warnings) {
    assert.match(w, /100 ms scheduling interval/);
    assert.match(w, /a lower --rate or --concurrency/);
    assert.match(w, /--max-lag/);
    assert.doesNotMatch(w, /chunk|--sessions/);
  }
});

test('checkGenerator: healthy at and under the bound, a warning per cause above it', async (t) => {
  const cases: Array<[string, Summary, number, RegExp[]]> = [
    ['idle', generatorSummary(1, 2), 100, []],
    ['exactly at the bounds', generatorSummary(25, 25), 100, []],
    ['no send-lag samples', generatorSummary(90, 2, 0), 100, []],
    ['send lag', generatorSummary(41.25, 2), 100, [/send_lag_ms p99 was 41\.3 ms, above 25 ms \(a quarter of the 100 ms chunk interval\)/]],
    ['event loop', generatorSummary(1, 30), 100, [/event_loop_delay_p99_ms was 30 ms, above 25 ms/]],
    ['both, short chunks', generatorSummary(6, 7), 20, [/send_lag_ms p99 was 6 ms, above 5 ms/, /event_loop_delay_p99_ms was 7 ms, above 5 ms/]],
  ];
  for (const [name, summary, chunkMs, patterns] of cases) {
    await t.test(name, () => {
      const { healthy, warnings } = checkGenerator(summary, chunkMs);
      assert.equal(healthy, patterns.length === 0);
      assert.equal(warnings.length, patterns.length);
      patterns.forEach((re, i) => {
        assert.match(warnings[i], re);
        assert.match(warnings[i], /fewer sessions .* another machine or CPU core .* split the load across several pipebench processes and merge/);
        assert.match(warnings[i], /other work shares this machine .* check the machine's load .* raise the bound with --max-lag/);
      });
    });
  }
});
