/**
 * The fully resolved, frozen plan of a run: flags > profile options > defaults, validated all at
 * once before anything connects. Every problem names the input, the reason and what is allowed.
 */
import { resolve } from 'node:path';
import type { Threshold } from './evaluate/thresholds.js';
import type { Profile } from './profile.js';
import { resolveShardFlags, type ShardSpec } from './shard/flags.js';
import { availableParallelism } from 'node:os';
import { parseWorkers } from './workers/flags.js';
import { resolveAudioOptions, type AudioOptions } from './audio/options.js';
import type { TlsClientOptions } from './load/tls.js';
import { parseInputJson, readInputText } from './input-file.js';
import { dur, headers, num, optionalDur, Problems, target, thresholds, tlsOptions, updateParams, type Source } from './scenario-inputs.js';

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
