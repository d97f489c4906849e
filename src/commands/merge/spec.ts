/** `pipebench merge A.json B.json …`: one exact result from runs that ran side by side, judged again. */
import { loadProfile } from '../../profile.js';
import { EXIT_CODES as E } from '../../evaluate/exit-codes.js';
import { parseThresholdFlag, parseThresholds, type Threshold } from '../../evaluate/thresholds.js';
import { readResult } from '../../report/read-result.js';
import type { Result } from '../../report/result.js';
import { renderTable } from '../../report/table.js';
import { inputThresholds } from '../../merge/result.js';
import { mergeResults, type MergeInput } from '../../merge/run.js';
import { judgeFlags, OUTPUT_FLAGS } from '../../spine/flags.js';
import type { CommandSpec, RawFlags } from '../../spine/spec.js';
import { REPORT_FILES } from '../../spine/outputs.js';

/** The merge is one pure step (merge/run.ts): resolving it finds every problem and the merged, judged result. */
interface Plan {
  result: Result;
}

/** Thresholds from --profile and --threshold when given, else the inputs' own. */
function chooseThresholds(flags: RawFlags, inputs: readonly Result[], cwd: string): { thresholds: Threshold[]; problems: string[] } {
  const flagged = (flags.threshold as string[] | undefined) ?? [];
  if (flags.profile === undefined && flagged.length === 0) {
    const parsed = parseThresholds(inputThresholds(inputs));
    return { thresholds: parsed.thresholds, problems: parsed.problems.map((p) => `an input's ${p}`) };
  }
  const problems: string[] = [];
  const thresholds: Threshold[] = [];
  if (flags.profile !== undefined) {
    const loaded = loadProfile(String(flags.profile), cwd);
    problems.push(...loaded.problems.map((p) => `--profile: ${p}`));
    thresholds.push(...(loaded.profile?.thresholds ?? []));
  }
  for (const text of flagged) {
    const parsed = parseThresholdFlag(text);
    if (parsed.threshold) thresholds.push(parsed.threshold);
    if (parsed.problem) problems.push(`--threshold: ${parsed.problem}`);
  }
  return { thresholds, problems };
}

/** The readable inputs, and the problems of the unreadable ones. */
function readInputs(files: readonly string[], cwd: string): { inputs: MergeInput[]; problems: string[] } {
  const read = files.map((file) => ({ file, ...readResult(file, cwd) }));
  return {
    inputs: read.flatMap((r) => (r.result ? [{ file: r.file, result: r.result }] : [])),
    problems: read.flatMap((r) => r.problems),
  };
}

export const mergeSpec: CommandSpec<Plan, null> = {
  name: 'merge',
  summary: 'merge results of runs that ran side by side (histograms added, counts summed) and judge the thresholds on the whole',
  args: [{ name: '<results...>', help: 'result JSON files (from --json)' }],
  flags: [
    { name: 'allow-partial', group: 'command', help: 'merge the shards that are there when some are missing (the result says which)' },
    { name: 'out', short: 'o', arg: '<file>', group: 'output', help: 'write the merged result JSON (the same as --json)' },
    ...judgeFlags("the inputs' own thresholds", "'chunk_rtt_ms: p(95) < 300'"),
    ...OUTPUT_FLAGS,
  ],
  aliases: { out: 'json' },
  examples: ['pipebench merge shard-*.json --json merged.json', "pipebench merge a.json b.json --threshold 'chunk_rtt_ms: p(99) < 250' --junit merged.xml"],
  exitCodes: {
    [E.pass]: 'the merged run passes its thresholds',
    [E.thresholdsFailed]: 'a threshold failed on the merged run',
    [E.usage]: 'unreadable or unlike inputs, bad flags or report path; or a report file could not be written',
    [E.targetUnusable]: 'no input started a session',
    [E.invalidRun]: "an input's generator was the bottleneck",
    [E.interrupted]: 'an input was interrupted',
  },
  defaultProfile: null,
  files: REPORT_FILES,
  resolve: (flags, ctx) => {
    const { inputs, problems } = readInputs(ctx.args, ctx.cwd);
    const chosen = chooseThresholds(flags, inputs.map((i) => i.result), ctx.cwd);
    problems.push(...chosen.problems);
    const merged = problems.length ? null : mergeResults({ inputs, thresholds: chosen.thresholds, allowPartial: flags['allow-partial'] === true });
    if (merged) problems.push(...merged.problems);
    return problems.length || !merged?.result ? { problems } : { plan: { result: merged.result }, problems };
  },
  target: () => false,
  run: async () => null,
  judge: (p) => p.result,
  render: (r, opts) => renderTable(r, opts),
};
