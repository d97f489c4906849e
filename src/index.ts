/**
 * pipebench's programmatic API: the same runs as the CLI, through the same runner
 * (src/spine/runner.ts), returning the result object the JSON holds, with no printing and no
 * process exit. Options use the CLI's flag names in camelCase (`rampUp` for `--ramp-up`);
 * durations are strings such as '10s' or numbers of milliseconds. Without `target`, the embedded
 * reference server is started for the run and stopped after.
 *
 *   import { sustained } from 'pipebench';
 *   const result = await sustained({ sessions: 20, duration: '30s', profile: 'ci' });
 *   if (result.verdict !== 'pass') console.log(result.thresholds);
 */
import { resolve as resolvePath } from 'node:path';
import { sustainedSpec } from './commands/sustained/spec.js';
import { capacitySpec } from './commands/capacity/spec.js';
import { batchSpec } from './commands/batch/spec.js';
import { checkSpec } from './commands/check/spec.js';
import { latencySpec } from './commands/latency/spec.js';
import type { CheckResult } from './commands/check/run.js';
import { execute, prepare } from './spine/runner.js';
import type { AnyResult, CommandSpec } from './spine/spec.js';
import type { Result } from './report/result.js';
import type { BatchResult } from './batch/types.js';
import type { CapacityResult } from './capacity/types.js';

export type { Result } from './report/result.js';
export type { CheckResult } from './commands/check/run.js';
export type { BatchResult } from './batch/types.js';
export type { CapacityResult } from './capacity/types.js';
export { startServer, type ServerOptions, type RunningServer } from './server/index.js';
export { EXIT_CODES, exitCodeOf } from './evaluate/exit-codes.js';
/** Bad options: every problem, each naming the option, the reason and what is allowed (the CLI's own error class). */
export { InputError as PipebenchInputError } from './spine/errors.js';

/** Options of a command: the CLI's long flags in camelCase. */
export type FlagOptions = Record<string, string | number | boolean | string[] | undefined>;

export interface RunHooks {
  signal?: AbortSignal;
  /** Progress as the CLI shows it: one line of text, several times a second. */
  onProgress?: (progress: string) => void;
  /** Relative paths (profiles, pipelines, header files) resolve from here; default the current directory. */
  cwd?: string;
}

const DURATION_FLAGS = new Set(['duration', 'ramp-up', 'warmup', 'chunk-timeout', 'connect-timeout', 'update-every', 'ping-every',
  'max-lag', 'step-duration', 'settle', 'timeout', 'check-timeout', 'reply-timeout', 'create-limit', 'connect-limit']);

/** camelCase options → the flag record the specs resolve (`rampUp: 2000` → `'ramp-up': '2000ms'`). */
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

/** Resolve, run and judge a command through the runner the CLI uses; report files are the CLI's. */
async function run<Plan, O, R extends AnyResult>(spec: CommandSpec<Plan, O, R>, options: FlagOptions, hooks: RunHooks): Promise<R> {
  const prepared = prepare(spec, toFlags(options), [], hooks.cwd ?? resolvePath('.'));
  return execute(prepared, { signal: hooks.signal, progress: hooks.onProgress });
}

/** `pipebench sustained`. */
export function sustained(options: FlagOptions = {}, hooks: RunHooks = {}): Promise<Result> {
  return run(sustainedSpec, options, hooks);
}

/** `pipebench capacity`: `levels` and `capacity.max_sessions` / `broken_by` in the result. */
export function capacity(options: FlagOptions = {}, hooks: RunHooks = {}): Promise<CapacityResult> {
  return run(capacitySpec, options, hooks);
}

/** `pipebench batch`: HTTP endpoint load. */
export function batch(options: FlagOptions = {}, hooks: RunHooks = {}): Promise<BatchResult> {
  return run(batchSpec, options, hooks);
}

/** `pipebench check`: the conformance checks; `checks[]` in the result (`only`/`skip` as arrays or comma lists). */
export function check(options: FlagOptions = {}, hooks: RunHooks = {}): Promise<CheckResult> {
  const toList = (v: FlagOptions[string]) => (v === undefined ? undefined : Array.isArray(v) ? v : [String(v)]);
  return run(checkSpec, { ...options, only: toList(options.only), skip: toList(options.skip) }, hooks);
}

/** `pipebench latency`: one session, chunks one at a time. */
export function latency(options: FlagOptions = {}, hooks: RunHooks = {}): Promise<Result> {
  return run(latencySpec, options, hooks);
}
