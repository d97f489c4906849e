/** `pipebench merge A.json B.json …`: one exact result from runs that ran side by side, judged again. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { InputError, type Io } from './io.js';
import { collect, typedOptions, useColor } from './options.js';
import { addOutputOptions, outputFileProblem, validateOutputFlags, writeOutputs } from './outputs.js';
import { loadProfile } from '../profile.js';
import { parseThresholdFlag, parseThresholds, type Threshold } from '../evaluate/thresholds.js';
import { readResult } from '../report/read-result.js';
import { renderJson, type Result } from '../report/result.js';
import { renderTable } from '../report/table.js';
import { inputThresholds } from '../merge/result.js';
import { mergeResults, type MergeInput } from '../merge/run.js';

export function registerMerge(program: Command, io: Io, setCode: (code: number) => void): void {
  const cmd = program
    .command('merge')
    .description("merge results of runs that ran side by side (histograms added, counts summed) and judge the thresholds on the whole")
    .argument('<results...>', 'result JSON files (from --json)')
    .option('-o, --out <file>', 'write the merged result JSON')
    .option('-p, --profile <name|path>', "judge against this profile's thresholds (default: the inputs' own thresholds)")
    .option('--threshold <expr>', "'metric: expression' to judge against instead of the inputs' (repeatable)", collect)
    .option('--allow-partial', 'merge the shards that are there when some are missing (the result says which)')
    .option('-q, --quiet', 'no table');
  addOutputOptions(cmd)
    .addOption(new Option('--no-color', 'no colour in the table'))
    .action((files: string[], _opts, c: Command) => {
      setCode(merge(files, c, io));
    });
}

/** Thresholds from --profile and --threshold when given, else the inputs' own. */
function chooseThresholds(flags: Record<string, unknown>, inputs: readonly Result[], cwd: string): { thresholds: Threshold[]; problems: string[] } {
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
function readInputs(files: string[], cwd: string): { inputs: MergeInput[]; problems: string[] } {
  const read = files.map((file) => ({ file, ...readResult(file, cwd) }));
  return {
    inputs: read.flatMap((r) => (r.result ? [{ file: r.file, result: r.result }] : [])),
    problems: read.flatMap((r) => r.problems),
  };
}

function merge(files: string[], cmd: Command, io: Io): number {
  const flags = typedOptions(cmd);
  const { inputs, problems } = readInputs(files, io.cwd);
  problems.push(...validateOutputFlags(flags, io.cwd));
  const outProblem = outputFileProblem('out', flags.out, io.cwd);
  if (outProblem) problems.push(outProblem);
  const chosen = chooseThresholds(flags, inputs.map((i) => i.result), io.cwd);
  problems.push(...chosen.problems);
  const merged = problems.length ? null : mergeResults({ inputs, thresholds: chosen.thresholds, allowPartial: flags['allow-partial'] === true });
  if (merged) problems.push(...merged.problems);
  const result = merged?.result;
  if (problems.length || !result) throw new InputError(problems);
  if (typeof flags.out === 'string') writeFileSync(resolve(io.cwd, flags.out), renderJson(result));
  for (const p of writeOutputs(result, flags, io)) io.stderr.write(`pipebench: ${p}\n`);
  if (flags.quiet !== true) io.stdout.write(renderTable(result, { color: useColor(io, cmd.opts().color as boolean) }));
  return result.exit_code;
}
