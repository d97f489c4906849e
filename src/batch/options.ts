/**
 * Resolving `batch`'s flags, every problem at once. Target, headers, pipeline, tone and
 * thresholds are read as `sustained` reads them (resolveSustained); the load model and audio here.
 */
import type { Profile } from '../profile.js';
import { resolveSustained, type RawOptions } from '../scenario.js';
import type { TlsClientOptions } from '../load/tls.js';
import { durationFlag, intFlag, numberFlag } from '../capacity/fields.js';
import type { Threshold } from '../evaluate/thresholds.js';
import { parseEndpoint, type AudioSpec } from './body.js';
import type { LoadModel } from './run.js';
import type { Endpoint } from './types.js';

/** The metrics a batch run measures; thresholds on others cannot be judged. */
export const BATCH_METRICS: ReadonlySet<string> = new Set([
  'http_req_ms', 'send_lag_ms', 'success_rate', 'error_rate', 'http_reqs', 'http_ok', 'http_failed', 'http_reqs_per_s',
  'event_loop_delay_p99_ms',
]);

/** A resolved, frozen batch run. */
export interface BatchScenario {
  readonly target: string | null;
  readonly endpoint: Endpoint;
  readonly audio: AudioSpec;
  readonly model: LoadModel;
  readonly durationMs: number | null;
  readonly requests: number | null;
  readonly timeoutMs: number;
  readonly pipeline: Readonly<Record<string, unknown>>;
  readonly pipelineSource: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Certificate checks for an https:// target (`--ca`, `--insecure`); null = verify with Node's CAs. */
  readonly tls: Readonly<TlsClientOptions> | null;
  readonly profile: string | null;
  readonly thresholds: readonly Threshold[];
  /** Generator health bound (--max-lag); null = 25 ms (a quarter of 100 ms). */
  readonly maxLagMs: number | null;
}

const SHARED = ['target', 'header', 'ca', 'insecure', 'pipeline', 'sample-rate', 'tone-hz', 'level-dbfs', 'threshold', 'max-lag'];

/** `20`, `20/s`, `600/m`, `0.5/s` → requests per second. */
export function parseRate(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(s|m|h))?\s*$/.exec(text);
  if (!m) return undefined;
  const perS = Number(m[1]) / ({ s: 1, m: 60, h: 3600 }[(m[2] ?? 's') as 's' | 'm' | 'h']);
  return perS > 0 ? perS : undefined;
}

function model(p: string[], flags: RawOptions): LoadModel {
  if (flags.rate !== undefined && flags.concurrency !== undefined) {
    p.push('--rate and --concurrency: choose one; --rate is an open model (requests on a schedule), --concurrency a closed one (N in flight)');
  }
  if (flags.rate === undefined) return { kind: 'closed', concurrency: intFlag(p, 'concurrency', flags.concurrency ?? '4', 1, 10_000) };
  const ratePerS = parseRate(String(flags.rate));
  if (ratePerS === undefined || ratePerS > 100_000) p.push(`--rate: "${String(flags.rate)}" is not a rate; write e.g. 20/s, 20 (per second) or 600/m`);
  return { kind: 'open', ratePerS: ratePerS ?? 1, connections: intFlag(p, 'connections', flags.connections ?? '64', 1, 10_000) };
}

function audio(p: string[], flags: RawOptions, endpoint: Endpoint | undefined, sampleRate: number, toneHz: number, levelDbfs: number): AudioSpec {
  const format = String(flags.format ?? (endpoint?.kind === 'process' ? 'wav' : 'pcm'));
  if (format !== 'wav' && format !== 'pcm') p.push(`--format: "${format}" is not a format; use wav or pcm`);
  else if (format === 'wav' && endpoint && endpoint.kind !== 'process') p.push('--format wav: only --endpoint process takes a WAV upload; the others take base64 PCM');
  const seconds = numberFlag(p, 'audio-seconds', flags['audio-seconds'] ?? '1', 0.01, 600);
  return { seconds, sampleRate, toneHz, levelDbfs, format: format === 'wav' ? 'wav' : 'pcm' };
}

/**
 * Resolve a batch run. Profile thresholds on metrics a batch run does not measure are dropped
 * with a warning (profiles are shared with `sustained`); --threshold flags on them are problems.
 */
export function resolveBatch(flags: RawOptions, profile: Profile | null, cwd: string): { scenario?: BatchScenario; problems: string[]; warnings: string[] } {
  const p: string[] = [];
  const shared = resolveSustained(Object.fromEntries(SHARED.filter((k) => flags[k] !== undefined).map((k) => [k, flags[k]])), null, cwd);
  p.push(...shared.problems);
  const parsed = parseEndpoint(String(flags.endpoint ?? 'process'));
  if (parsed.problem) p.push(parsed.problem);
  const fromFlags = shared.scenario?.thresholds ?? [];
  for (const t of fromFlags.filter((t) => !BATCH_METRICS.has(t.metric))) {
    p.push(`--threshold: "${t.metric}" is not measured by batch; use one of ${[...BATCH_METRICS].join(', ')}`);
  }
  const overridden = new Set(fromFlags.map((t) => t.metric));
  const fromProfile = (profile?.thresholds ?? []).filter((t) => !overridden.has(t.metric));
  const skipped = [...new Set(fromProfile.filter((t) => !BATCH_METRICS.has(t.metric)).map((t) => t.metric))];
  const warnings = skipped.length ? [`profile ${profile?.name}: thresholds on ${skipped.join(', ')} skipped; batch does not measure them`] : [];
  const noEnd = flags.duration === undefined && flags.requests === undefined;
  const scenario: BatchScenario = {
    target: shared.scenario?.target ?? null,
    endpoint: parsed.endpoint ?? { kind: 'process' },
    audio: audio(p, flags, parsed.endpoint, shared.scenario?.sampleRate ?? 16000, shared.scenario?.toneHz ?? 440, shared.scenario?.levelDbfs ?? 0),
    model: model(p, flags),
    durationMs: flags.duration !== undefined || noEnd ? durationFlag(p, 'duration', flags.duration ?? '10s', 1) : null,
    requests: flags.requests !== undefined ? intFlag(p, 'requests', flags.requests, 1, 100_000_000) : null,
    timeoutMs: durationFlag(p, 'timeout', flags.timeout ?? '30s', 1),
    pipeline: shared.scenario?.pipeline ?? {},
    pipelineSource: shared.scenario?.pipelineSource ?? 'default',
    headers: shared.scenario?.headers ?? {},
    tls: shared.scenario?.tls ?? null,
    profile: profile?.name ?? null,
    thresholds: [...fromProfile.filter((t) => BATCH_METRICS.has(t.metric)), ...fromFlags],
    maxLagMs: shared.scenario?.maxLagMs ?? null,
  };
  return p.length ? { problems: p, warnings } : { scenario: Object.freeze(scenario), problems: [], warnings };
}
