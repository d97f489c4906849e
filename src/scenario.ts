/**
 * The fully resolved, frozen plan of a run: flags > profile options > defaults, validated all at
 * once before anything connects. Every problem names the input, the reason and what is allowed.
 */
import { resolve } from 'node:path';
import { durationTooLong, parseDecimal, parseDurationMs } from './units.js';
import { parseThresholdFlag, type Threshold } from './evaluate/thresholds.js';
import type { Profile } from './profile.js';
import { resolveShardFlags, type ShardSpec } from './shard/flags.js';
import { availableParallelism } from 'node:os';
import { parseWorkers } from './workers/flags.js';
import { resolveAudioOptions, type AudioOptions } from './audio/options.js';
import type { TlsClientOptions } from './load/tls.js';
import { jsonDepth, MAX_JSON_DEPTH, parseInputJson, readInputText } from './input-file.js';

/** The seed guide's pipeline: vad → noise_reduction → voice_enhancement. */
export const DEFAULT_PIPELINE = {
  name: 'pipebench',
  stages: {
    vad: { enabled: true, gain_in: 0.0, gain_out: 0.0, parameters: { aggressiveness: 2, frame_duration: 30 } },
    noise_reduction: { enabled: true, gain_in: 0.0, gain_out: 0.0, parameters: { strength: 0.5, smoothing: 0.3 } },
    voice_enhancement: { enabled: true, gain_in: 0.0, gain_out: 0.0, parameters: { clarity: 0.5, warmth: 0.5 } },
  },
  connections: [
    { id: 'conn1', source_stage_id: 'vad', target_stage_id: 'noise_reduction' },
    { id: 'conn2', source_stage_id: 'noise_reduction', target_stage_id: 'voice_enhancement' },
  ],
} as const;

export interface Scenario {
  readonly command: 'sustained';
  /** http(s) base URL, or null for the embedded reference server. */
  readonly target: string | null;
  readonly sessions: number;
  readonly durationMs: number;
  readonly rampUpMs: number;
  readonly warmupMs: number;
  readonly chunkMs: number;
  readonly sampleRate: number;
  readonly toneHz: number;
  readonly levelDbfs: number;
  /** What is streamed (probe signal or WAV file), where each session starts, which are checked. */
  readonly audio: AudioOptions;
  readonly chunkTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly pipeline: Readonly<Record<string, unknown>>;
  /** 'default' or the file it came from. */
  readonly pipelineSource: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Certificate checks for an https:// target (`--ca`, `--insecure`); null = verify with Node's CAs. */
  readonly tls: Readonly<TlsClientOptions> | null;
  readonly reconnect: boolean;
  readonly deflate: boolean;
  /** Live parameter updates: every `updateEveryMs` (null = off), cycling through `updateParams`. */
  readonly updateEveryMs: number | null;
  readonly updateStage: string;
  readonly updateParams: ReadonlyArray<Record<string, unknown>>;
  readonly pingEveryMs: number | null;
  /** Stop as soon as a threshold can no longer pass. */
  readonly abortOnFail: boolean;
  /** Generator health bound (send lag p99 and event-loop delay p99); null = a quarter of chunkMs. */
  readonly maxLagMs: number | null;
  readonly profile: string | null;
  readonly thresholds: readonly Threshold[];
  /** This run is one shard of `sessions` (`--shard I/N`); null = all of them. */
  readonly shard: ShardSpec | null;
  /** Wall-clock instant (epoch ms) the schedule starts at (`--start-at`); null = as soon as ready. */
  readonly startAtMs: number | null;
  /** Generator threads sharing the sessions (`--workers`); 1 = this thread alone. */
  readonly workers: number;
}

/** Raw option values as commander gives them (strings, booleans, arrays), keyed by flag name. */
export type RawOptions = Record<string, unknown>;

export const SUSTAINED_DEFAULTS: Readonly<Record<string, unknown>> = {
  sessions: '10', duration: '60s', 'ramp-up': '0s', warmup: '0s', 'chunk-ms': '100', 'sample-rate': '16000',
  'tone-hz': '440', 'level-dbfs': '-20', 'chunk-timeout': '2s', 'connect-timeout': '5s', reconnect: true, deflate: false,
  'update-stage': 'noise_reduction', 'update-params': '[{"strength": 0.2}, {"strength": 0.8}]',
};

class Problems {
  readonly list: string[] = [];
  add(p: string): void {
    this.list.push(p);
  }
}

/** Where a value came from, for messages: `--sessions` or `profile option "sessions"`. */
type Source = (name: string) => string;

function num(p: Problems, src: Source, name: string, v: unknown, lo: number, hi: number, integer: boolean): number {
  // Decimal only: Number() would also take 0x10, 0b1 and 1e3.
  const n = parseDecimal(v);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < lo || n > hi) {
    p.add(`${src(name)}: "${String(v)}" is not ${integer ? 'an integer' : 'a number'} from ${lo} to ${hi}`);
    return lo;
  }
  return n;
}

function dur(p: Problems, src: Source, name: string, v: unknown, minMs: number): number {
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

function target(p: Problems, v: unknown): string | null {
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
function tlsOptions(p: Problems, ca: unknown, insecure: unknown, url: string | null, cwd: string): TlsClientOptions | null {
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

function headers(p: Problems, v: unknown): Record<string, string> {
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

function pipeline(p: Problems, v: unknown, cwd: string): { pipeline: Record<string, unknown>; source: string } {
  if (v === undefined || v === null) return { pipeline: structuredClone(DEFAULT_PIPELINE) as Record<string, unknown>, source: 'default' };
  if (String(v).trim() === '') {
    p.add('--pipeline: empty; give a pipeline_config JSON file, or leave the flag out for the default pipeline');
    return { pipeline: {}, source: '' };
  }
  const file = resolve(cwd, String(v));
  const read = readInputText(file);
  const json = read.problem === undefined ? parseInputJson(read.text) : read;
  if (json.problem !== undefined) {
    p.add(`--pipeline ${file}: ${json.problem}`);
    return { pipeline: {}, source: file };
  }
  const parsed = json.value;
  const cfg = (parsed as Record<string, unknown>)?.pipeline_config ?? parsed;
  const stages = (cfg as Record<string, unknown>)?.stages;
  if (!stages || typeof stages !== 'object' || Array.isArray(stages)) {
    p.add(`--pipeline: ${file} has no "stages" object; give a pipeline_config like {"stages": {"vad": {}}}`);
  }
  return { pipeline: cfg as Record<string, unknown>, source: file };
}

function optionalDur(p: Problems, src: Source, name: string, v: unknown): number | null {
  return v === undefined || v === null ? null : dur(p, src, name, v, 10);
}

/** A JSON object, or an array of objects to cycle through. */
function updateParams(p: Problems, src: Source, v: unknown): Array<Record<string, unknown>> {
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
function thresholds(p: Problems, flags: unknown, profile: Profile | null): Threshold[] {
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

/**
 * Resolve a `sustained` scenario. `flags` holds only the options the user typed; `profile`
 * supplies the next layer. Returns every problem at once.
 */
export function resolveSustained(
  flags: RawOptions, profile: Profile | null, cwd: string,
  env: Readonly<Record<string, string | undefined>> = {}, nowMs = Date.now(),
): { scenario?: Scenario; problems: string[] } {
  const p = new Problems();
  const opts = profile?.options ?? {};
  const pick = (name: string) => flags[name] ?? opts[name] ?? SUSTAINED_DEFAULTS[name];
  const src: Source = (name) => (flags[name] !== undefined || opts[name] === undefined ? `--${name}` : `profile option "${name}"`);
  const sampleRate = num(p, src, 'sample-rate', pick('sample-rate'), 8000, 192000, true);
  const chunkMs = num(p, src, 'chunk-ms', pick('chunk-ms'), 10, 1000, true);
  const pipe = pipeline(p, pick('pipeline'), cwd);
  const url = target(p, flags.target);
  const sessions = num(p, src, 'sessions', pick('sessions'), 1, 100_000, true);
  const sharding = resolveShardFlags(flags, sessions, url !== null, env, nowMs);
  sharding.problems.forEach((x) => p.add(x));
  const workers = parseWorkers(flags.workers, availableParallelism(), url === null);
  if (workers.problem) p.add(workers.problem);
  const scenario: Scenario = {
    command: 'sustained',
    target: url,
    sessions,
    durationMs: dur(p, src, 'duration', pick('duration'), 1),
    rampUpMs: dur(p, src, 'ramp-up', pick('ramp-up'), 0),
    warmupMs: dur(p, src, 'warmup', pick('warmup'), 0),
    chunkMs,
    sampleRate,
    toneHz: num(p, src, 'tone-hz', pick('tone-hz'), 1, sampleRate / 2 - 1, false),
    levelDbfs: num(p, src, 'level-dbfs', pick('level-dbfs'), -96, 0, false),
    audio: resolveAudioOptions((name) => flags[name] ?? opts[name], { cwd, sampleRate, chunkMs }, (problem) => p.add(problem)),
    chunkTimeoutMs: dur(p, src, 'chunk-timeout', pick('chunk-timeout'), 1),
    connectTimeoutMs: dur(p, src, 'connect-timeout', pick('connect-timeout'), 1),
    pipeline: pipe.pipeline,
    pipelineSource: pipe.source,
    headers: headers(p, flags.header ?? opts.header),
    tls: tlsOptions(p, flags.ca, flags.insecure, url, cwd),
    reconnect: pick('reconnect') !== false,
    deflate: pick('deflate') === true,
    updateEveryMs: optionalDur(p, src, 'update-every', pick('update-every')),
    updateStage: String(pick('update-stage')),
    updateParams: updateParams(p, src, pick('update-params')),
    pingEveryMs: optionalDur(p, src, 'ping-every', pick('ping-every')),
    abortOnFail: flags['abort-on-fail'] === true,
    maxLagMs: pick('max-lag') === undefined ? null : dur(p, src, 'max-lag', pick('max-lag'), 0),
    profile: profile?.name ?? null,
    thresholds: thresholds(p, flags.threshold, profile),
    shard: sharding.shard,
    startAtMs: sharding.startAtMs,
    workers: workers.workers ?? 1,
  };
  return p.list.length ? { problems: p.list } : { scenario: Object.freeze(scenario), problems: [] };
}

/** The session-create body for session `index` (protocol.md section 1). */
export function createPayload(s: Pick<Scenario, 'pipeline' | 'sampleRate' | 'chunkMs'>, runId: number, index: number): unknown {
  return {
    pipeline_config: { ...s.pipeline, pipeline_id: `pipebench-${runId}-${index}`, name: s.pipeline.name ?? 'pipebench' },
    session_config: {
      chunk_size: Math.round((s.sampleRate * s.chunkMs) / 1000),
      sample_rate: s.sampleRate,
      channels: 1,
      buffer_size: 4096,
      latency_target: 100,
    },
  };
}
