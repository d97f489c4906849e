/**
 * Snapshots of normalised CLI output (attw's habit): numbers become #, runs of spaces and table
 * rules collapse, so a snapshot pins the shape (rows, labels, verdict, exit code), not timings.
 * A missing snapshot fails; PIPEBENCH_UPDATE_SNAPSHOTS=1 writes it (review the diff).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** test/cli/snapshots in the source tree (the tests run from dist/). */
const DIR = fileURLToPath(new URL('../../../test/cli/snapshots/', import.meta.url));

/** Output with the run-to-run noise taken out. */
export function normalise(text: string, replace: Array<[string, string]> = []): string {
  let out = text;
  for (const [from, to] of replace) out = out.split(from).join(to);
  const codes: string[] = [];
  return out
    .replace(/\x1b\[[0-9;]*m/g, '')
    // Progress lines come as often as the machine allows; the audio section has its own tests.
    .replace(/^pipebench: .*(elapsed|check \d+\/\d+|chunk \d+\/\d+).*\n/gm, '')
    .replace(/^audio {5}[\s\S]*?\n\n/m, '')
    .replace(/\bexit \d+/g, (m) => `\u0000${codes.push(m) - 1}\u0000`)
    .replace(/https?:\/\/127\.0\.0\.1:\d+/g, 'http://HOST')
    .replace(/^pipebench \S+ · Node .*$/gm, 'FINGERPRINT')
    .replace(/\/tmp\/[\w./-]+/g, 'TMP')
    .replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/gi, '#')
    .replace(/#(\s*[a-zµ]*s)?(, #(\s*[a-zµ]*s)?)+/g, '#…')
    .replace(/[─━]+/g, '─')
    .replace(/[ \t]+/g, ' ')
    .replace(/ +$/gm, '')
    .replace(/\u0000#\u0000/g, () => codes.shift() ?? '')
    .trimEnd() + '\n';
}

/** Compare with the stored snapshot `name`, or write it when asked to. */
export function matchSnapshot(name: string, actual: string): void {
  const file = join(DIR, `${name}.txt`);
  if (process.env.PIPEBENCH_UPDATE_SNAPSHOTS === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `no snapshot ${file}; run with PIPEBENCH_UPDATE_SNAPSHOTS=1 and review it`);
  assert.equal(actual, readFileSync(file, 'utf8'), `snapshot ${name}`);
}
