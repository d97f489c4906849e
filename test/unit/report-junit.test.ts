/** JUnit XML: parsed back with a tiny structural XML reader, the way CI consumers read it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderJunit } from '../../src/report/junit.js';
import type { ThresholdResult } from '../../src/evaluate/check.js';
import type { Result } from '../../src/report/result.js';
import { latencies, makeResult } from './report-fixture.test.js';

interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e]);

/** Enough XML for JUnit: elements, attributes, text; throws on anything malformed (unbalanced tags, raw < or & in text). */
function parseXml(xml: string): XmlNode {
  let i = xml.startsWith('<?xml') ? xml.indexOf('?>') + 2 : 0;
  const root: XmlNode = { name: '#root', attrs: {}, children: [], text: '' };
  const stack = [root];
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(text) || text.includes('>')) throw new Error(`unescaped text: ${text}`);
    stack[stack.length - 1].text += decode(text);
    if (lt < 0) break;
    const gt = xml.indexOf('>', lt);
    const tag = xml.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('/')) {
      const open = stack.pop()!;
      if (open.name !== tag.slice(1)) throw new Error(`</${tag.slice(1)}> closes <${open.name}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const name = body.split(/\s/)[0];
    const attrs: Record<string, string> = {};
    const rest = body.slice(name.length).trim();
    const re = /([\w:-]+)="([^"<]*)"\s*/gy;
    let m: RegExpExecArray | null;
    while ((m = re.exec(rest)) !== null) attrs[m[1]] = decode(m[2]);
    if (re.lastIndex !== rest.length && rest.length > 0 && Object.keys(attrs).length === 0) throw new Error(`bad attributes in <${tag}>`);
    const node: XmlNode = { name, attrs, children: [], text: '' };
    stack[stack.length - 1].children.push(node);
    if (!selfClosing) stack.push(node);
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  return root.children[0];
}

const th = (metric: string, expression: string, actual: number | null, passed: boolean, extra: Partial<ThresholdResult> = {}): ThresholdResult =>
  ({ metric, expression, actual, limit: 300, op: '<', passed, ...extra });

test('one test case per threshold; failures name metric, expression and actual; counts add up', () => {
  const r = makeResult({
    rtt: latencies(200, 50),
    thresholds: [
      th('chunk_rtt_ms', 'p(95) < 300', 120.5, true),
      th('chunk_rtt_ms', 'p(99) < 100 over 5s', 412.25, false, { window: { seconds: 5, worst_t_s: 3, count: 6 } }),
      th('first_audio_ms', 'p(95) < 300 & "x" <y>', null, false, { note: 'first_audio_ms was not measured in this run' }),
    ],
  });
  const suites = parseXml(renderJunit(r));
  assert.equal(suites.name, 'testsuites');
  const suite = suites.children.find((c) => c.name === 'testsuite')!;
  const cases = suite.children.filter((c) => c.name === 'testcase');
  assert.equal(cases.length, 4, 'three thresholds and the generator health');
  for (const el of [suites, suite]) {
    assert.equal(el.attrs.tests, '4');
    assert.equal(el.attrs.failures, '2');
    assert.equal(el.attrs.errors, '0');
    assert.ok(Number(el.attrs.time) > 0);
  }
  assert.equal(cases[0].children.length, 0);
  const failure = cases[1].children[0];
  assert.equal(failure.name, 'failure');
  assert.match(failure.attrs.message, /chunk_rtt_ms: p\(99\) < 100 over 5s failed; actual 412\.25 in the worst 5s window/);
  assert.equal(cases[2].attrs.name, 'first_audio_ms: p(95) < 300 & "x" <y>', 'escaped and decoded back intact');
  assert.match(cases[2].children[0].attrs.message, /not measured \(first_audio_ms was not measured/);
  const props = suite.children.find((c) => c.name === 'properties')!.children.map((p) => p.attrs.name);
  for (const p of ['target', 'verdict', 'pipebench', 'node', 'os', 'cpu']) assert.ok(props.includes(p), p);
});

test('checks become test cases; skipped and failed checks say so; a run that did not complete is an error', () => {
  const r = makeResult({ rtt: latencies(20, 10) }) as Result & { checks: unknown[] };
  r.checks = [
    { name: 'health endpoint', result: 'pass', ms: 12 },
    { name: 'rejects bad sample rate', result: 'fail', ms: 30, expected: 'HTTP 422', got: 'HTTP 200' },
    { name: 'deflate', result: 'skip', ms: 0, got: 'server does not offer it' },
  ];
  r.verdict = 'interrupted';
  r.verdict_reason = 'the run was interrupted';
  const suite = parseXml(renderJunit(r)).children[0];
  const cases = suite.children.filter((c) => c.name === 'testcase');
  const byName = Object.fromEntries(cases.map((c) => [c.attrs.name, c]));
  assert.equal(byName['health endpoint'].attrs.time, '0.012');
  assert.match(byName['rejects bad sample rate'].children[0].attrs.message, /expected HTTP 422; got HTTP 200/);
  assert.equal(byName.deflate.children[0].name, 'skipped');
  assert.equal(byName['run completed'].children[0].name, 'error');
  assert.deepEqual([suite.attrs.tests, suite.attrs.failures, suite.attrs.errors, suite.attrs.skipped], ['5', '1', '1', '1']);
});

test('control characters that XML cannot carry are dropped, not written', () => {
  const r = makeResult({ rtt: [10], thresholds: [th('chunk_rtt_ms', 'p(95) < 300\u0001\u001b[31m', 999, false)] });
  const xml = renderJunit(r);
  assert.doesNotMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  assert.doesNotThrow(() => parseXml(xml));
});
