/**
 * JUnit XML for CI test reporters (GitHub, GitLab, Jenkins, Azure): one test case per threshold,
 * per check (`pipebench check`) and one for the generator's health, so a failed gate shows up
 * as named failing tests rather than only a red job. Pure: result in, XML text out.
 */
import type { ThresholdResult } from '../evaluate/check.js';
import type { ResultDocument } from './result.js';
import { readChecks, readTags, type CheckView } from './result-views.js';

/** Escape text for XML attributes and content; drops characters XML 1.0 cannot carry at all. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

interface Case {
  classname: string;
  name: string;
  timeS: number;
  failure?: { message: string; type: string; detail: string };
  error?: { message: string; type: string };
  skipped?: string;
}

const num = (v: number) => String(+v.toFixed(4));
const attrs = (a: Record<string, string | number>) =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');

/** The failure message names metric, expression and actual value, e.g. for a CI annotation. */
export function thresholdMessage(t: ThresholdResult): string {
  const actual = t.actual === null ? `not measured${t.note ? ` (${t.note})` : ''}` : num(t.actual);
  const where = t.window ? ` in the worst ${t.window.seconds}s window (starting at ${t.window.worst_t_s}s)` : '';
  return `${t.metric}: ${t.expression} failed; actual ${actual}${where}`;
}

function thresholdCase(r: ResultDocument, t: ThresholdResult): Case {
  const c: Case = { classname: `pipebench.${r.command}.thresholds`, name: `${t.metric}: ${t.expression}`, timeS: 0 };
  if (!t.passed) {
    const detail = `metric: ${t.metric}\nexpression: ${t.expression}\nactual: ${t.actual ?? 'null'}\nlimit: ${t.op} ${t.limit}` +
      (t.note ? `\nnote: ${t.note}` : '');
    c.failure = { message: thresholdMessage(t), type: 'threshold', detail };
  }
  return c;
}

function checkCase(r: ResultDocument, k: CheckView): Case {
  const c: Case = { classname: `pipebench.${r.command}.checks`, name: k.name, timeS: (k.ms ?? 0) / 1000 };
  if (k.result === 'skip') c.skipped = k.got ?? 'skipped';
  if (k.result === 'fail') {
    const message = `${k.name} failed` + (k.expected !== undefined ? `; expected ${k.expected}` : '') + (k.got !== undefined ? `; got ${k.got}` : '');
    c.failure = { message, type: 'check', detail: message };
  }
  return c;
}

function generatorCase(r: ResultDocument): Case {
  const c: Case = { classname: `pipebench.${r.command}.run`, name: 'load generator healthy', timeS: 0 };
  if (!r.generator.healthy) {
    const message = r.generator.warnings.join(' ') || 'the load generator was the bottleneck';
    c.failure = { message, type: 'generator', detail: message };
  }
  return c;
}

/** Every test case: thresholds, checks, generator health, and an error case when the run itself did not complete. */
function cases(r: ResultDocument): Case[] {
  const out = [...r.thresholds.map((t) => thresholdCase(r, t)), ...readChecks(r).map((k) => checkCase(r, k)), generatorCase(r)];
  if (r.verdict === 'unusable' || r.verdict === 'interrupted') {
    out.push({ classname: `pipebench.${r.command}.run`, name: 'run completed', timeS: r.measured_s, error: { message: r.verdict_reason, type: r.verdict } });
  }
  return out;
}

function renderCase(c: Case): string {
  const open = `    <testcase${attrs({ classname: c.classname, name: c.name, time: num(c.timeS) })}`;
  if (c.failure) {
    return `${open}>\n      <failure${attrs({ message: c.failure.message, type: c.failure.type })}>${escapeXml(c.failure.detail)}</failure>\n    </testcase>`;
  }
  if (c.error) return `${open}>\n      <error${attrs({ message: c.error.message, type: c.error.type })}/>\n    </testcase>`;
  if (c.skipped !== undefined) return `${open}>\n      <skipped${attrs({ message: c.skipped })}/>\n    </testcase>`;
  return `${open}/>`;
}

function properties(r: ResultDocument): string {
  const f = r.fingerprint;
  const props: Record<string, string> = {
    target: r.target.url,
    verdict: r.verdict,
    verdict_reason: r.verdict_reason,
    exit_code: String(r.exit_code),
    started_at: r.started_at,
    pipebench: f.pipebench,
    node: f.node,
    os: f.os,
    cpu: `${f.cpu} × ${f.cpus}`,
    ...Object.fromEntries(Object.entries(readTags(r)).map(([k, v]) => [`tag.${k}`, v])),
  };
  const lines = Object.entries(props).map(([name, value]) => `      <property${attrs({ name, value })}/>`);
  // Run warnings (an INSECURE target, sessions not deleted, …) travel with every report format.
  for (const value of r.warnings) lines.push(`      <property${attrs({ name: 'warning', value })}/>`);
  return `    <properties>\n${lines.join('\n')}\n    </properties>`;
}

/** The JUnit XML document for a result. */
export function renderJunit(r: ResultDocument): string {
  const all = cases(r);
  const counts = {
    tests: all.length,
    failures: all.filter((c) => c.failure).length,
    errors: all.filter((c) => c.error).length,
    skipped: all.filter((c) => c.skipped !== undefined).length,
    time: num(r.measured_s),
  };
  const suite = `  <testsuite${attrs({ name: `pipebench ${r.command}`, ...counts, timestamp: r.started_at.replace(/Z$/, ''), hostname: 'pipebench' })}>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'pipebench', ...counts })}>`,
    suite,
    properties(r),
    ...all.map(renderCase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
