/**
 * Resolving `capacity`'s flags: the streaming options come from resolveSustained (flags >
 * profile > defaults, the same as `sustained`), the search's own from the flags below.
 */
import type { Profile } from '../profile.js';
import { resolveSustained, type RawOptions, type Scenario } from '../scenario.js';
import { durationFlag, intFlag } from './fields.js';
import type { SearchOptions } from './plan.js';

/** The search plus how long each level streams. */
export interface CapacitySearch extends SearchOptions {
  /** Measured streaming time of each level. */
  stepDurationMs: number;
  /** Streaming time before each level's measurements start (the run's warmup). */
  settleMs: number;
}

export const CAPACITY_DEFAULTS = {
  start: '10', step: '10', max: '200', 'step-duration': '20s', settle: '5s', resolution: '1', bisect: true,
} as const;

const MAX_SESSIONS = 100_000;

/**
 * Resolve a capacity search; every problem at once. `--settle` falls back to the profile's
 * `warmup` option, since settling is what a warmup is for.
 */
export function resolveCapacity(
  flags: RawOptions, profile: Profile | null, cwd: string,
): { scenario?: Scenario; search?: CapacitySearch; problems: string[] } {
  const problems: string[] = [];
  const pick = (name: keyof typeof CAPACITY_DEFAULTS) => flags[name] ?? CAPACITY_DEFAULTS[name];
  const start = intFlag(problems, 'start', pick('start'), 1, MAX_SESSIONS);
  const max = intFlag(problems, 'max', pick('max'), 1, MAX_SESSIONS);
  if (max < start) problems.push(`--max: ${max} is below --start ${start}; the search steps up from --start to --max`);
  const search: CapacitySearch = {
    start,
    max,
    step: intFlag(problems, 'step', pick('step'), 1, MAX_SESSIONS),
    resolution: intFlag(problems, 'resolution', pick('resolution'), 1, MAX_SESSIONS),
    bisect: pick('bisect') !== false,
    stepDurationMs: durationFlag(problems, 'step-duration', pick('step-duration'), 100),
    settleMs: durationFlag(problems, 'settle', flags.settle ?? profile?.options.warmup ?? CAPACITY_DEFAULTS.settle, 0),
  };
  const { scenario, problems: more } = resolveSustained(flags, profile, cwd);
  problems.push(...more);
  return problems.length || !scenario ? { problems } : { scenario, search: Object.freeze(search), problems };
}
