/**
 * The merged result document: the merged measurements judged again. Scenario, target and
 * fingerprint come from the inputs (they must share a scenario shape; sessions add up), with a
 * warning naming anything that differs. Pure.
 */
import type { ThresholdResult } from '../evaluate/check.js';
import type { VerdictOutcome } from '../evaluate/verdict.js';
import type { Summary } from '../measure/types.js';
import { buildResult, type Result } from '../report/result.js';
import { fingerprintDifferences } from '../compare/compare.js';
import { sessionsText } from '../units.js';

const distinct = (values: string[]) => [...new Set(values)];

/** Thresholds as the inputs wrote them, each (metric, expression) once, in first-seen order. */
export function inputThresholds(results: readonly Result[]): Array<{ metric: string; expression: string }> {
  const seen = new Map<string, { metric: string; expression: string }>();
  for (const t of results.flatMap((r) => r.thresholds)) seen.set(`${t.metric}\u0000${t.expression}`, { metric: t.metric, expression: t.expression });
  return [...seen.values()];
}

/** Each input's generator and run warnings, labelled with the input they came from. */
function labelled(results: readonly Result[], pick: (r: Result) => string[]): string[] {
  return results.flatMap((r, i) => pick(r).map((w) => (results.length > 1 ? `input ${i + 1}: ${w}` : w)));
}

/** Notes about what the inputs did not share (machines, targets), so an unlike merge is visible. */
function mergeNotes(results: readonly Result[]): string[] {
  if (results.length < 2) return [];
  const shard = results[0].shard;
  const notes = [
    shard && results.every((r) => r.shard?.plan === shard.plan)
      ? `merged shards ${results.map((r) => r.shard!.index).sort((a, b) => a - b).join(', ')} of ${shard.count} (plan ${shard.plan}, ${sessionsText(shard.total_sessions)}), `
        + (shard.start_at ? `schedule started together at ${shard.start_at}` : `started between ${results[0].started_at} and ${results[results.length - 1].started_at}`)
      : `merged from ${results.length} results started between ${results[0].started_at} and ${results[results.length - 1].started_at}`,
  ];
  const urls = distinct(results.map((r) => r.target.url));
  if (urls.length > 1) notes.push(`the inputs ran against different targets: ${urls.join(', ')}`);
  for (const r of results.slice(1)) {
    const diff = fingerprintDifferences(results[0], r);
    if (diff.length) notes.push(`the inputs ran on unlike setups: ${diff.join('; ')}`);
  }
  return distinct(notes);
}

export interface MergeJudgement {
  thresholds: ThresholdResult[];
  verdict: VerdictOutcome;
  generatorHealthy: boolean;
}

/** The merged Result; `results` sorted by started_at. */
export function mergedResult(results: readonly Result[], summary: Summary, judged: MergeJudgement): Result {
  const first = results[0];
  const sessions = results.reduce((a, r) => a + Number((r.scenario as { sessions?: unknown }).sessions ?? 0), 0);
  return buildResult({
    command: first.command,
    startedAt: first.started_at,
    target: { url: distinct(results.map((r) => r.target.url)).join(', '), embedded: results.some((r) => r.target.embedded) },
    scenario: { ...first.scenario, sessions, merged_from: results.length },
    summary,
    generator: { healthy: judged.generatorHealthy, warnings: labelled(results, (r) => r.generator.warnings) },
    thresholds: judged.thresholds,
    warnings: distinct([...mergeNotes(results), ...labelled(results, (r) => r.warnings)]),
    extensions: distinct(results.map((r) => r.websocket?.extensions ?? '')).filter(Boolean).join(', '),
    verdict: judged.verdict,
    fingerprint: first.fingerprint,
  });
}
