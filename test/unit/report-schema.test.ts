/** schemas/result.schema.json accepts well-formed results and names what is wrong with others. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateResult } from '../../src/report/read-result.js';
import { latencies, makeResult } from './report-fixture.test.js';

test('a crafted result fits the result schema', () => {
  assert.deepEqual(validateResult(makeResult({ rtt: latencies(500, 20) })), []);
});

test('a result that breaks the schema is named, field by field', () => {
  const r = makeResult({ rtt: latencies(50, 20) }) as unknown as Record<string, unknown>;
  delete r.counts;
  (r.rates as Record<string, unknown>).success_rate = 'high';
  const problems = validateResult(r);
  assert.ok(problems.some((p) => /missing "counts"/.test(p)), problems.join('\n'));
  assert.ok(problems.some((p) => /rates\.success_rate/.test(p)), problems.join('\n'));
  assert.match(validateResult({ schema: 'k6/summary' })[0], /not a pipebench result/);
});
