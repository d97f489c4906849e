/**
 * Profiles: named thresholds plus default options for `sustained`, as JSON files. A bare name
 * (`ci`) is one of the package's profiles/*.json; anything else is a path from the cwd. Loading
 * validates against profiles/profile.schema.json and parses every threshold, returning every
 * problem at once, so a bad profile stops the run before anything connects.
 */
import { readdirSync } from 'node:fs';
import { jsonDepth, MAX_JSON_DEPTH, readInputText } from './input-file.js';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { SchemaError as ErrorObject } from './json-schema.js';
import validateProfile from './generated/profile-validator.js';
import { findPackageRoot, PROFILE_SCHEMA_FILE } from './package-root.js';
import { parseThresholds, type Threshold } from './evaluate/thresholds.js';
import { closest, didYouMean } from './evaluate/suggest.js';

/** A loaded, validated profile. */
export interface Profile {
  name: string;
  description?: string;
  thresholds: Threshold[];
  /** The thresholds as written, for reports. */
  rawThresholds: Record<string, string[]>;
  /** Long flag name of `sustained` → value; types checked, values left to the CLI. */
  options: Record<string, unknown>;
  /** Absolute path of the file. */
  source: string;
}

/** The `options` a profile may set: the long flag names of `sustained`, with their JSON types. */
export const PROFILE_OPTIONS = {
  sessions: 'integer',
  duration: 'string',
  'ramp-up': 'string',
  warmup: 'string',
  'chunk-ms': 'number',
  'sample-rate': 'integer',
  'tone-hz': 'number',
  'level-dbfs': 'number',
  'chunk-timeout': 'string',
  'connect-timeout': 'string',
  pipeline: 'string',
  reconnect: 'boolean',
  header: 'string[]',
  deflate: 'boolean',
  'update-every': 'string',
  'update-stage': 'string',
  'update-params': 'object[]',
  'ping-every': 'string',
  'max-lag': 'string',
  audio: 'string',
  signal: 'string',
  'audio-offset': 'string',
} as const satisfies Record<string, 'string' | 'integer' | 'number' | 'boolean' | 'string[]' | 'object[]'>;

let packageRoot: string | undefined;

/** The folder of shipped profiles. */
export function profilesDir(): string {
  packageRoot ??= findPackageRoot();
  return join(packageRoot, 'profiles');
}

/** Names of the shipped profiles, sorted. */
export function listProfiles(): string[] {
  return readdirSync(profilesDir())
    .filter((f) => f.endsWith('.json') && f !== PROFILE_SCHEMA_FILE)
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** `/options/header/0` → `options.header[0]`. */
function wherePath(pointer: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

function describeSchemaError(e: ErrorObject): string {
  const where = wherePath(e.instancePath);
  if (e.keyword === 'additionalProperties') {
    const key = String(e.params.additionalProperty);
    const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
    const what = where === 'options' ? 'option' : `key${where ? ` in ${where}` : ''}`;
    return `unknown ${what} "${key}"; use one of ${allowed.join(', ')}${didYouMean(closest(key, allowed))}`;
  }
  if (e.keyword === 'required') return `missing "${e.params.missingProperty}"${where ? ` in ${where}` : ''}`;
  const got = e.keyword === 'type' ? `, got ${JSON.stringify(e.data)}` : '';
  return `${where || 'the profile'} ${e.message}${got}`;
}

/** JSON.parse's error, with a line and column when it gives a position. */
function describeJsonError(err: Error, text: string): string {
  const position = /at position (\d+)/.exec(err.message);
  const reason = err.message.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
  if (!position) return `invalid JSON: ${reason}`;
  const before = text.slice(0, Number(position[1])).split('\n');
  return `invalid JSON at line ${before.length}, column ${before[before.length - 1].length + 1}: ${reason}`;
}

function resolveSource(nameOrPath: string, cwd: string): { path?: string; problem?: string } {
  const bare = !/[\\/]/.test(nameOrPath) && !nameOrPath.endsWith('.json');
  if (!bare) return { path: resolve(cwd, nameOrPath) };
  const names = listProfiles();
  if (names.includes(nameOrPath)) return { path: join(profilesDir(), `${nameOrPath}.json`) };
  return {
    problem:
      `profile "${nameOrPath}": no such profile; use one of ${names.join(', ')}, or a path to a .json file` +
      didYouMean(closest(nameOrPath, names)),
  };
}

function thresholdsOf(data: Record<string, unknown>): Record<string, string[]> {
  const raw = data.thresholds;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  // Entries of the wrong shape were reported by the schema; parse the strings that are there.
  const lists = Object.entries(raw).filter(([, v]) => Array.isArray(v));
  return Object.fromEntries(lists.map(([k, v]) => [k, (v as unknown[]).filter((e) => typeof e === 'string')]));
}

/** Load and validate a profile by shipped name or path; `problems` lists everything wrong with it. */
export function loadProfile(nameOrPath: string, cwd: string): { profile?: Profile; problems: string[] } {
  const { path, problem } = resolveSource(nameOrPath, cwd);
  if (!path) return { problems: [problem!] };
  const shown = relative(cwd, path);
  const label = `profile ${shown.startsWith('..') || isAbsolute(shown) ? path : shown}`;
  let data: unknown;
  const read = readInputText(path);
  if (read.problem !== undefined) return { problems: [`${label}: ${read.problem.replace(/ \(ENOENT\)$/, ': no such file')}`] };
  const text = read.text;
  try {
    data = JSON.parse(text);
  } catch (err) {
    if (err instanceof RangeError) return { problems: [`${label}: nested too deeply (more than ${MAX_JSON_DEPTH} levels)`] };
    return { problems: [`${label}: ${describeJsonError(err as Error, text)}`] };
  }
  if (jsonDepth(data) > MAX_JSON_DEPTH) return { problems: [`${label}: nested too deeply (more than ${MAX_JSON_DEPTH} levels)`] };
  const check = validateProfile; // compiled from the schema at build time (src/build-validators.ts)
  const problems = check(data) ? [] : (check.errors ?? []).map((e) => `${label}: ${describeSchemaError(e)}`);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { problems };
  const obj = data as Record<string, unknown>;
  const rawThresholds = thresholdsOf(obj);
  const parsed = parseThresholds(rawThresholds);
  problems.push(...parsed.problems.map((p) => `${label}: ${p}`));
  if (problems.length === 0 && parsed.thresholds.length === 0) {
    problems.push(`${label}: has no thresholds, so every run would pass; add at least one, e.g. "thresholds": {"chunk_rtt_ms": ["p(95) < 300"]}`);
  }
  if (problems.length > 0) return { problems };
  const profile: Profile = {
    name: obj.name as string,
    thresholds: parsed.thresholds,
    rawThresholds,
    options: (obj.options as Record<string, unknown> | undefined) ?? {},
    source: path,
  };
  if (typeof obj.description === 'string') profile.description = obj.description;
  return { profile, problems };
}
