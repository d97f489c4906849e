/**
 * The field readers of resolveSustained (./scenario.ts): numbers, durations, the target, TLS,
 * headers, update params and thresholds. Each reads one input, adds every problem to a shared
 * list naming the input, the reason and what is allowed, and returns a usable stand-in so the
 * other fields are still checked.
 */
import { resolve } from 'node:path';
import { durationTooLong, parseDecimal, parseDurationMs } from './units.js';
import { parseThresholdFlag, type Threshold } from './evaluate/thresholds.js';
import type { Profile } from './profile.js';
import type { TlsClientOptions } from './load/tls.js';
import { jsonDepth, MAX_JSON_DEPTH, parseInputJson, readInputText } from './input-file.js';

export class Problems {
  readonly list: string[] = [];
  add(p: string): void {
    this.list.push(p);
  }
}

/** Where a value came from, for messages: `--sessions` or `profile option "sessions"`. */
export type Source = (name: string) => string;

export function num(p: Problems, src: Source, name: string, v: unknown, lo: number, hi: number, integer: boolean): number {
  // Decimal only: Number() would also take 0x10, 0b1 and 1e3.
  const n = parseDecimal(v);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < lo || n > hi) {
    p.add(`${src(name)}: "${String(v)}" is not ${integer ? 'an integer' : 'a number'} from ${lo} to ${hi}`);
    return lo;
  }
  return n;
}

export function dur(p: Problems, src: Source, name: string, v: unknown, minMs: number): number {
  const ms = typeof v === 'string' ? parseDurationMs(v) : undefined;
  if (ms === undefined || ms < minMs) {
    const why = ms === undefined ? 'is not a duration' : `must be at least ${minMs} ms`;
    p.add(`${src(name)}: "${String(v)}" ${why}; write e.g. 500ms, 90s, 2m or 1m30s`);
    return minMs;
  }
  const long = durationTooLong(src(name), v, ms);
  if (long) {
    p.add(long);
    return minMs;
  }
  return ms;
}

export function target(p: Problems, v: unknown): string | null {
  if (v === undefined || v === null || v === '') return null;
  let u: URL;
  try {
    u = new URL(String(v));
  } catch {
    p.add(`--target: "${String(v)}" is not a URL; write e.g. http://127.0.0.1:3000`);
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    p.add(`--target: "${String(v)}" must be http:// or https:// (the WebSocket URL is derived from it)`);
  }
  return u.toString().replace(/\/+$/, '');
}

/** `--ca FILE` (PEM, read now) and `--insecure`: one or the other, and only for an https:// target. */
export function tlsOptions(p: Problems, ca: unknown, insecure: unknown, url: string | null, cwd: string): TlsClientOptions | null {
  if ((ca === undefined || ca === '') && insecure !== true) return null;
  if (ca !== undefined && insecure === true) {
    p.add('--ca and --insecure: give one; --ca trusts a CA and keeps verification, --insecure switches it off');
    return null;
  }
  if (url !== null && !url.startsWith('https:')) {
    p.add(`--${insecure === true ? 'insecure' : 'ca'}: the target ${url} is not https://, so there is no certificate to check`);
    return null;
  }
  if (insecure === true) return { insecure: true };
  const file = resolve(cwd, String(ca));
  const read = readInputText(file);
  if (read.problem !== undefined) {
    p.add(`--ca ${file}: ${read.problem}`);
    return null;
  }
  const pem = read.text;
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    p.add(`--ca: ${file} holds no PEM certificate ("-----BEGIN CERTIFICATE-----"); give the CA or self-signed certificate in PEM form`);
    return null;
  }
  return { ca: pem };
}

export function headers(p: Problems, v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of (Array.isArray(v) ? v : v === undefined ? [] : [v]) as unknown[]) {
    const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:\s*(.*)$/.exec(String(h));
    if (!m) p.add(`--header: "${String(h).replace(/:.*/, ': …')}" is not "Name: value" (the name: letters, digits and !#$%&'*+.^_\`|~-)`);
    // HTTP allows tab, visible ASCII and bytes 0x80-0xff in a value; anything else (CR, LF, NUL,
    // other controls, characters beyond Latin-1) is refused by the HTTP client at the first request.
    else if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(m[2])) p.add(`--header ${m[1]}: the value holds a control character or one beyond Latin-1, which HTTP headers cannot carry`);
    else out[m[1]] = m[2];
  }
  return out;
}

export function optionalDur(p: Problems, src: Source, name: string, v: unknown): number | null {
  return v === undefined || v === null ? null : dur(p, src, name, v, 10);
}

/** A JSON object, or an array of objects to cycle through. */
export function updateParams(p: Problems, src: Source, v: unknown): Array<Record<string, unknown>> {
  let parsed: unknown = v;
  if (typeof v === 'string') {
    const json = parseInputJson(v);
    if (json.problem?.startsWith('nested')) {
      p.add(`${src('update-params')}: ${json.problem}`);
      return [];
    }
    parsed = json.value;
  } else if (jsonDepth(v) > MAX_JSON_DEPTH) {
    p.add(`${src('update-params')}: nested too deeply (more than ${MAX_JSON_DEPTH} levels)`);
    return [];
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  if (list.length === 0 || !list.every((x) => x && typeof x === 'object' && !Array.isArray(x))) {
    p.add(`${src('update-params')}: "${String(v)}" must be a JSON object or a non-empty array of objects, e.g. '[{"strength": 0.2}, {"strength": 0.8}]'`);
    return [{}];
  }
  return list as Array<Record<string, unknown>>;
}

/**
 * Flag thresholds replace the profile's threshold of the same metric and aggregation (and window),
 * so `--threshold 'chunk_rtt_ms: p(95) < 500'` loosens the profile's p(95); others add to them.
 */
export function thresholds(p: Problems, flags: unknown, profile: Profile | null): Threshold[] {
  const fromFlags: Threshold[] = [];
  for (const t of (Array.isArray(flags) ? flags : []) as string[]) {
    const r = parseThresholdFlag(t);
    if (r.problem) p.add(`--threshold: ${r.problem}`);
    if (r.threshold) fromFlags.push(r.threshold);
  }
  const key = (t: Threshold) => `${t.metric} ${JSON.stringify(t.aggregation)} ${t.windowS ?? ''}`;
  const overridden = new Set(fromFlags.map(key));
  return [...(profile?.thresholds ?? []).filter((t) => !overridden.has(key(t))), ...fromFlags];
}
