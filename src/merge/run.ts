/**
 * The whole merge as one pure step, for the CLI, the API and workers alike: inputs in (each with
 * the name of the file it came from), checked (scenario shapes, shards of one plan), measurements
 * merged exactly, the thresholds judged again on the merged histograms, one result out.
 */
import { evaluateThresholds } from '../evaluate/check.js';
import type { Threshold } from '../evaluate/thresholds.js';
import { decideVerdict } from '../evaluate/verdict.js';
import { shapeDifferences } from '../compare/shape.js';
import type { Result } from '../report/result.js';
import { mergeSummaries } from './merge.js';
import { mergedResult } from './result.js';
import { checkShards, type MergeInput } from './shards.js';

export type { MergeInput };

export interface MergeRequest {
  inputs: readonly MergeInput[];
  thresholds: readonly Threshold[];
  /** Merge the shards that are there when some are missing (and say which). */
  allowPartial?: boolean;
}

/** Earliest first; `sessions` may differ (the inputs' sessions add up), nothing else in the shape. */
function shapeProblems(sorted: readonly MergeInput[]): string[] {
  return sorted.slice(1).flatMap(({ file, result }) => {
    const diff = shapeDifferences(sorted[0].result, result, ['sessions']);
    return diff.length ? [`cannot merge runs of different scenarios: ${file} differs from ${sorted[0].file} in ${diff.join('; ')}`] : [];
  });
}

/** The merged, judged result, or every reason it cannot be made. */
export function mergeResults(req: MergeRequest): { result?: Result; problems: string[] } {
  if (req.inputs.length === 0) return { problems: ['nothing to merge: give the result files'] };
  const sorted = [...req.inputs].sort((a, b) => Date.parse(a.result.started_at) - Date.parse(b.result.started_at));
  const shards = checkShards(sorted, req.allowPartial === true);
  const problems = [...shards.problems, ...(shards.problems.length ? [] : shapeProblems(sorted))];
  if (problems.length) return { problems };
  const results = sorted.map((i) => i.result);
  const merged = mergeSummaries(results);
  if (merged.problems.length) return { problems: merged.problems };
  const thresholds = evaluateThresholds([...req.thresholds], merged.summary);
  const generatorHealthy = results.every((r) => r.generator.healthy);
  const verdict = decideVerdict({
    thresholds, generator: { healthy: generatorHealthy }, interrupted: results.some((r) => r.verdict === 'interrupted'),
    sessionsStarted: merged.summary.counts.sessions_started,
  });
  const result = mergedResult(results, merged.summary, { thresholds, verdict, generatorHealthy });
  if (shards.shards) {
    result.shards = shards.shards;
    result.warnings = [...shards.warnings, ...result.warnings];
  }
  return { result, problems: [] };
}
