/** The answer, verdict and exit code of a capacity search, from judged levels. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideCapacity } from '../../src/capacity/judge.js';
import type { LevelReport } from '../../src/capacity/types.js';

function level(sessions: number, verdict: LevelReport['verdict'], broken_by: string[] = []): LevelReport {
  return { sessions, phase: 'step', chunks_per_s: 0, p50_ms: 0, p95_ms: 0, p99_ms: 0, success_rate: 1, error_rate: 0, verdict, broken_by };
}

test('found: the highest pass, what broke the lowest fail above it, exit 0', () => {
  const d = decideCapacity([level(10, 'pass'), level(20, 'fail', ['chunk_rtt_ms: p(95) < 300']), level(15, 'pass'), level(16, 'fail', ['error_rate: rate < 0.05'])], 'found', 50);
  assert.deepEqual(d.capacity, { max_sessions: 15, broken_by: ['error_rate: rate < 0.05'], generator_limited: false });
  assert.equal(d.verdict, 'pass');
  assert.equal(d.exitCode, 0);
  assert.equal(d.reason, 'capacity 15 sessions; at 16 sessions it broke error_rate: rate < 0.05');
});

test('first level failed: no capacity, exit 1', () => {
  const d = decideCapacity([level(10, 'fail', ['success_rate: rate > 0.95'])], 'first-failed', 50);
  assert.deepEqual(d.capacity, { max_sessions: null, broken_by: ['success_rate: rate > 0.95'], generator_limited: false });
  assert.equal(d.exitCode, 1);
  assert.match(d.reason, /first level \(10 sessions\) failed: success_rate/);
});

test('max passed: capacity at least max, nothing broke, exit 0', () => {
  const d = decideCapacity([level(10, 'pass'), level(20, 'pass')], 'max-passed', 20);
  assert.deepEqual(d.capacity, { max_sessions: 20, broken_by: null, generator_limited: false });
  assert.equal(d.exitCode, 0);
});

test('generator limited: invalid, exit 4, the server credited with what passed', () => {
  const d = decideCapacity([level(10, 'pass'), level(20, 'invalid'), level(20, 'invalid')], 'generator-limited', 50);
  assert.deepEqual(d.capacity, { max_sessions: 10, broken_by: null, generator_limited: true });
  assert.equal(d.verdict, 'invalid');
  assert.equal(d.exitCode, 4);
  assert.match(d.reason, /bottleneck at 20 sessions.*held 10 sessions/);
});

test('one session reads "1 session" in every capacity reason (never "1 sessions")', () => {
  const cases: Array<[string, ReturnType<typeof decideCapacity>, RegExp]> = [
    ['first-failed', decideCapacity([level(1, 'fail', ['x'])], 'first-failed', 5), /first level \(1 session\) failed/],
    ['max-passed', decideCapacity([level(1, 'pass')], 'max-passed', 1), /at least 1 session$/],
    ['found', decideCapacity([level(1, 'pass'), level(2, 'fail', ['x'])], 'found', 5), /^capacity 1 session; at 2 sessions it broke/],
    ['generator-limited', decideCapacity([level(1, 'pass'), level(1, 'invalid')], 'generator-limited', 5), /bottleneck at 1 session, .*held 1 session$/],
  ];
  for (const [name, d, want] of cases) assert.match(d.reason, want, name);
});
