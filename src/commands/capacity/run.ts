/**
 * `capacity` without the CLI: how many concurrent sessions does the target hold within the
 * profile? Each level is a fresh sustained run (its sessions are deleted before the next level
 * starts), judged on its own data after its settle time; the pure planner picks the levels.
 */
import { decideCapacity, levelReport } from '../../capacity/judge.js';
import type { CapacitySearch } from '../../capacity/options.js';
import { nextLevel, type StopReason } from '../../capacity/plan.js';
import type { CapacityResult, LevelReport } from '../../capacity/types.js';
import { exitCodeOf } from '../../evaluate/exit-codes.js';
import { progressText } from '../../report/progress-text.js';
import type { Result } from '../../report/result.js';
import type { Scenario } from '../../scenario.js';
import { runSustainedScenario, type TargetInfo } from '../sustained/run.js';
import { sessionsText } from '../../units.js';

export interface CapacityOptions {
  /** Streaming options and thresholds; `sessions`, `durationMs` and `warmupMs` are set per level. */
  scenario: Scenario;
  target: TargetInfo;
  search: CapacitySearch;
}

export interface CapacityHooks {
  signal?: AbortSignal;
  /** One line of progress text, naming the level. */
  onProgress?: (text: string) => void;
  /** Told once as each level starts. */
  onLevel?: (label: string) => void;
}

/** What the search loop gathered before the answer is decided. */
export interface Search {
  levels: LevelReport[];
  runs: Map<number, Result>;
  last: Result;
  stop: StopReason | 'interrupted' | 'unusable';
}

/** Run the search against `target` and judge it. Never throws for anything the target does. */
export async function capacity(options: CapacityOptions, hooks: CapacityHooks = {}): Promise<CapacityResult> {
  return judgeCapacity(options, await searchCapacity(options, hooks));
}

/** Run a sustained level after another until the planner is done. Never throws for anything the target does. */
export async function searchCapacity(o: CapacityOptions, hooks: CapacityHooks): Promise<Search> {
  const levels: LevelReport[] = [];
  const runs = new Map<number, Result>();
  let last: Result | undefined;
  for (;;) {
    const next = nextLevel(levels, o.search);
    if (next.done) return { levels, runs, last: last!, stop: next.reason };
    const label = `${sessionsText(next.sessions)} (level ${levels.length + 1}, ${next.phase})`;
    hooks.onLevel?.(label);
    const scenario: Scenario = { ...o.scenario, sessions: next.sessions, durationMs: o.search.stepDurationMs, warmupMs: o.search.settleMs };
    last = await runSustainedScenario(scenario, o.target, {
      signal: hooks.signal,
      onProgress: (p) => hooks.onProgress?.(`${label} · ${progressText(p)}`),
    });
    if (last.verdict === 'interrupted') return { levels, runs, last, stop: 'interrupted' };
    // Unusable at the first level means the target never worked; later, the load broke it.
    if (last.verdict === 'unusable' && levels.length === 0) return { levels, runs, last, stop: 'unusable' };
    levels.push(levelReport(last, next.phase));
    runs.set(next.sessions, last);
  }
}

/** The answer, from the levels the search judged. Pure. */
export function judgeCapacity(o: CapacityOptions, s: Search): CapacityResult {
  const early = s.stop === 'interrupted' || s.stop === 'unusable';
  const decided = early ? undefined : decideCapacity(s.levels, s.stop as StopReason, o.search.max);
  // Interrupted after some levels: what they established still stands.
  const capacity = (decided ?? decideCapacity(s.levels, 'found', o.search.max)).capacity;
  // The document shows the level reported as the capacity, else the first level run, else the last.
  const base = (capacity.max_sessions !== null ? s.runs.get(capacity.max_sessions) : undefined) ?? s.runs.get(s.levels[0]?.sessions) ?? s.last;
  const generatorWarnings = capacity.generator_limited ? s.last.generator.warnings.map((w) => `at ${sessionsText(String(s.last.scenario.sessions))}: ${w}`) : [];
  const interrupted = s.stop === 'interrupted' ? [`the level at ${sessionsText(String(s.last.scenario.sessions))} was interrupted and not judged`] : [];
  return {
    ...base,
    command: 'capacity',
    started_at: firstStart(s),
    scenario: { ...base.scenario, capacity: searchForReport(o.search) },
    warnings: [...base.warnings, ...generatorWarnings, ...interrupted],
    levels: s.levels,
    capacity,
    verdict: decided?.verdict ?? s.last.verdict,
    verdict_reason: decided?.reason ?? s.last.verdict_reason,
    exit_code: decided?.exitCode ?? exitCodeOf(s.stop === 'interrupted' ? 'interrupted' : 'unusable'),
  };
}

function firstStart(s: Search): string {
  const first = s.levels.length ? s.runs.get(s.levels[0].sessions) : undefined;
  return (first ?? s.last).started_at;
}

/** The search's settings as people read them: units in names. */
function searchForReport(c: CapacitySearch): Record<string, unknown> {
  return {
    start: c.start, step: c.step, max: c.max, bisect: c.bisect, resolution: c.resolution,
    step_duration_s: c.stepDurationMs / 1000, settle_s: c.settleMs / 1000,
  };
}
