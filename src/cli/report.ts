/**
 * `pipebench report RESULT.json`: render a saved result again (table, HTML, JUnit, Markdown,
 * timeline). Exit 0 when it rendered, 2 when the input is unusable; with --gate, the result's own
 * exit code, so a CI step can gate on a run made earlier (k6's handleSummary users do this).
 */
import { Command, Option } from 'commander';
import { EXIT, InputError, type Io } from './io.js';
import { typedOptions, useColor } from './options.js';
import { addOutputOptions, validateOutputFlags, writeOutputs } from './outputs.js';
import { readResult } from '../report/read-result.js';
import { renderTable } from '../report/table.js';

export function registerReport(program: Command, io: Io, setCode: (code: number) => void): void {
  const cmd = program
    .command('report')
    .description('render a saved result (--json) again: table on stdout, and --html/--junit/--summary-md/--timeline files')
    .argument('<result>', "result JSON file ('-' = stdin)")
    .option('--gate', "exit with the result's own exit code (0 pass, 1 thresholds failed, …) instead of 0")
    .option('-q, --quiet', 'no table');
  addOutputOptions(cmd)
    .addOption(new Option('--no-color', 'no colour in the table'))
    .action((file: string, _opts, c: Command) => {
      setCode(report(file, c, io));
    });
}

function report(file: string, cmd: Command, io: Io): number {
  const flags = typedOptions(cmd);
  const { result, problems } = readResult(file, io.cwd);
  problems.push(...validateOutputFlags(flags, io.cwd));
  if (problems.length || !result) throw new InputError(problems);
  if (flags.quiet !== true) io.stdout.write(renderTable(result, { color: useColor(io, cmd.opts().color as boolean) }));
  const failed = writeOutputs(result, flags, io);
  if (failed.length) throw new InputError(failed);
  return flags.gate === true ? result.exit_code : EXIT.pass;
}
