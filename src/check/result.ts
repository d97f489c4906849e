/**
 * The Result document for commands whose plan is not a sustained Scenario (`check`, `latency`):
 * buildResult's document, with the plan described as the command sees it.
 */
import { buildResult, type ResultParts, type Result } from '../report/result.js';
import { resolveSustained } from '../scenario.js';

export interface CommandResultParts extends Omit<ResultParts, 'scenario'> {
  /** The plan as people read it: units in names, header values never included. */
  scenario: Record<string, unknown>;
}

export function commandResult(p: CommandResultParts): Result {
  // buildResult only describes its Scenario: the defaults' will do, and ours replaces the description.
  const placeholder = resolveSustained({}, null, '.').scenario!;
  return { ...buildResult({ ...p, scenario: placeholder }), scenario: p.scenario };
}
