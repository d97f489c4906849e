/**
 * pipebench's programmatic API: the same runs as the CLI, returning the result object the JSON
 * holds, with no printing and no process exit. Options use the CLI's flag names in camelCase
 * (`rampUp` for `--ramp-up`); durations are strings such as '10s' or numbers of milliseconds.
 * Without `target`, the embedded reference server is started for the run and stopped after.
 *
 *   import { sustained } from 'pipebench';
 *   const result = await sustained({ sessions: 20, duration: '30s', profile: 'ci' });
 *   if (result.verdict !== 'pass') console.log(result.thresholds);
 */
import { loadProfile, type Profile } from './profile.js';
import { resolveCapacity } from './capacity/options.js';
import { resolveBatch } from './batch/options.js';
import type { TargetInfo } from './commands/sustained/run.js';
import { sustainedSpec } from './commands/sustained/spec.js';
import { execute, prepare } from './spine/runner.js';
import type { CommandSpec } from './spine/spec.js';
import { resolve as resolvePath } from 'node:path';
import { capacity as runCapacity } from './commands/capacity.js';
import { batch as runBatch } from './commands/batch.js';
import type { BatchResult } from './batch/types.js';
import { check as runCheck, type CheckOptions, type CheckResult } from './commands/check.js';
import { latency as runLatency, type LatencyOptions } from './commands/latency.js';
import { startEmbeddedServer } from './server/embedded.js';
import type { Result } from './report/result.js';
import type { CapacityResult } from './capacity/types.js';

export type { Result } from './report/result.js';
export type { CheckResult } from './commands/check.js';
export type { BatchResult } from './batch/types.js';
export type { CapacityResult } from './capacity/types.js';
export { startServer, type ServerOptions, type RunningServer } from './server/index.js';
export { EXIT_CODES } from './evaluate/exit-codes.js';

/** Bad options: every problem, each naming the option, the reason and what is allowed (the CLI's own error type). */
export { InputError as PipebenchInputError } from './spine/errors.js';
import { InputError as PipebenchInputError } from './spine/errors.js';

/** Options of a load command: the CLI's long flags in camelCase. */
export type FlagOptions = Record<string, string | number | boolean | string[] | undefined>;

export interface RunHooks {
  signal?: AbortSignal;
  /** Progress as the CLI's spinner shows it: one line of text. */
  onProgress?: (progress: string) => void;
}

const DURATION_FLAGS = new Set(['duration', 'ramp-up', 'warmup', 'chunk-timeout', 'connect-timeout', 'update-every', 'ping-every',
  'max-lag', 'step-duration', 'settle', 'timeout']);

/** camelCase options → the flag record the resolvers take (`rampUp: 2000` → `'ramp-up': '2000ms'`). */
function toFlags(options: FlagOptions): Record<string, unknown> {
  const flags: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const name = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const flag = name === 'thresholds' ? 'threshold' : name === 'headers' ? 'header' : name;
    flags[flag] = typeof value === 'number' && DURATION_FLAGS.has(flag) ? `${value}ms` : value;
  }
  return flags;
}

function profileFor(flags: Record<string, unknown>, fallback: string): { profile: Profile | null; problems: string[] } {
  const loaded = loadProfile(String(flags.profile ?? fallback), process.cwd());
  return { profile: loaded.profile ?? null, problems: loaded.problems.map((p) => `profile: ${p}`) };
}

/** Run `fn` against `target`, or against an embedded reference server started for it. */
async function onTarget<T>(target: string | null | undefined, signal: AbortSignal | undefined, fn: (t: TargetInfo) => Promise<T>): Promise<T> {
  if (target) return fn({ url: target, embedded: false });
  const server = await startEmbeddedServer({ signal });
  try {
    return await fn({ url: server.url, embedded: true });
  } finally {
    await server.stop();
  }
}

/** Resolve, run and judge a command through the one runner the CLI uses; report files are the CLI's. */
async function runSpec(spec: CommandSpec, options: FlagOptions, hooks: RunHooks, cwd = resolvePath('.')): Promise<Result> {
  const prepared = prepare(spec, toFlags(options), [], cwd);
  return execute(prepared, { signal: hooks.signal, progress: hooks.onProgress });
}

/** `pipebench sustained`. */
export async function sustained(options: FlagOptions = {}, hooks: RunHooks = {}): Promise<Result> {
  return runSpec(sustainedSpec as CommandSpec, options, hooks);
}

/** `pipebench capacity`: `levels` and `capacity.max_sessions` / `broken_by` in the result. */
export async function capacity(options: FlagOptions = {}, hooks: RunHooks = {}): Promise<CapacityResult> {
  const flags = toFlags(options);
  const { profile, problems } = profileFor(flags, 'default');
  const { scenario, search, problems: more } = resolveCapacity(flags, profile, process.cwd());
  if (problems.length || more.length || !scenario || !search) throw new PipebenchInputError([...problems, ...more]);
  return onTarget(scenario.target, hooks.signal, (target) => runCapacity({ scenario, target, search }, hooks));
}

/** `pipebench batch`: HTTP endpoint load. */
export async function batch(options: FlagOptions = {}, hooks: RunHooks = {}): Promise<BatchResult> {
  const flags = toFlags(options);
  const { profile, problems } = profileFor(flags, 'batch');
  const { scenario, problems: more, warnings } = resolveBatch(flags, profile, process.cwd());
  if (problems.length || more.length || !scenario) throw new PipebenchInputError([...problems, ...more]);
  return onTarget(scenario.target, hooks.signal, (target) => runBatch({ scenario, target, warnings }, { signal: hooks.signal }));
}

/** `pipebench check`: the conformance checks; `checks[]` in the result. */
export async function check(options: Omit<CheckOptions, 'target' | 'embedded'> & { target?: string } = {}, hooks: RunHooks = {}): Promise<CheckResult> {
  return onTarget(options.target, hooks.signal, (t) => runCheck({ ...options, target: t.url, embedded: t.embedded }, hooks));
}

/** `pipebench latency`: one session, chunks one at a time. */
export async function latency(options: Omit<LatencyOptions, 'target' | 'embedded'> & { target?: string } = {}, hooks: RunHooks = {}): Promise<Result> {
  return onTarget(options.target, hooks.signal, (t) => runLatency({ ...options, target: t.url, embedded: t.embedded }, hooks));
}
