/**
 * The capacity search, pure: given the levels judged so far, which level comes next. Step up from
 * `start` by `step` until a level fails (or `max` passes), then bisect between the highest level
 * that passed and the lowest that failed until they are `resolution` sessions apart.
 * A level the generator could not drive (verdict `invalid`) is run once more before the search
 * gives up: with short levels one pause of pipebench's own process decides a p99 of few samples.
 * Like vegeta's pacer, it holds no state: the history is the state, so a table test covers it.
 */

/** A judged level as the planner sees it. */
export interface LevelOutcome {
  sessions: number;
  verdict: 'pass' | 'fail' | 'invalid';
}

/** The search's knobs, validated by the caller (integers, 1 <= start <= max, step >= 1, resolution >= 1). */
export interface SearchOptions {
  start: number;
  step: number;
  max: number;
  bisect: boolean;
  /** Stop bisecting when the highest pass and the lowest fail are this many sessions apart or fewer. */
  resolution: number;
}

/** Why the search stopped. */
export type StopReason =
  /** A pass and a fail bracket the capacity to the resolution (or bisection is off). */
  | 'found'
  /** Every level up to `max` passed: the capacity is at least `max`. */
  | 'max-passed'
  /** The first level failed: no capacity within the profile at or above `start`. */
  | 'first-failed'
  /** The generator was the bottleneck: nothing above this can be judged. */
  | 'generator-limited';

/** `retry`: the same level again after one the generator could not drive. */
export type Phase = 'step' | 'bisect' | 'retry';

export type NextLevel = { done: false; sessions: number; phase: Phase } | { done: true; reason: StopReason };

/** The bracket the history establishes: highest pass below the lowest fail, and that fail. */
export function bracket(history: readonly LevelOutcome[]): { pass: number | null; fail: number | null } {
  const fails = history.filter((l) => l.verdict === 'fail').map((l) => l.sessions);
  const fail = fails.length ? Math.min(...fails) : null;
  // A level that passed above a lower failure is noise the search does not trust.
  const passes = history.filter((l) => l.verdict === 'pass' && (fail === null || l.sessions < fail)).map((l) => l.sessions);
  return { pass: passes.length ? Math.max(...passes) : null, fail };
}

/** The next level to run, or why the search is over. */
export function nextLevel(history: readonly LevelOutcome[], opts: SearchOptions): NextLevel {
  if (history.length === 0) return { done: false, sessions: opts.start, phase: 'step' };
  const last = history[history.length - 1];
  if (last.verdict === 'invalid') {
    const before = history[history.length - 2];
    if (before?.verdict === 'invalid' && before.sessions === last.sessions) return { done: true, reason: 'generator-limited' };
    return { done: false, sessions: last.sessions, phase: 'retry' };
  }
  const { pass, fail } = bracket(history);
  if (fail === null) {
    const top = pass ?? opts.start;
    if (top >= opts.max) return { done: true, reason: 'max-passed' };
    return { done: false, sessions: Math.min(top + opts.step, opts.max), phase: 'step' };
  }
  if (pass === null) return { done: true, reason: 'first-failed' };
  if (!opts.bisect || fail - pass <= opts.resolution) return { done: true, reason: 'found' };
  return { done: false, sessions: Math.floor((pass + fail) / 2), phase: 'bisect' };
}
