/**
 * `pipebench report RESULT.json`: render a saved result again (table, HTML, JUnit, Markdown,
 * timeline). Exit 0 when it rendered, 2 when the input is unusable; with --gate, the result's own
 * exit code, so a CI step can gate on a run made earlier (k6's handleSummary users do this).
 */
import { EXIT_CODES as E } from '../../evaluate/exit-codes.js';
import { readResult } from '../../report/read-result.js';
import type { Result } from '../../report/result.js';
import { renderTable } from '../../report/table.js';
import { OUTPUT_FLAGS } from '../../spine/flags.js';
import type { CommandSpec } from '../../spine/spec.js';
import { REPORT_FILES } from '../../spine/outputs.js';

interface Plan {
  result: Result;
  gate: boolean;
}

export const reportSpec: CommandSpec<Plan, null> = {
  name: 'report',
  summary: 'render a saved result (--json) again: table on stdout, and --html/--junit/--summary-md/--timeline files',
  args: [{ name: '<result>', help: "result JSON file ('-' = stdin)" }],
  flags: [
    { name: 'gate', group: 'command', help: "exit with the result's own exit code (0 pass, 1 thresholds failed, …) instead of 0" },
    ...OUTPUT_FLAGS.filter((f) => f.name !== 'json'),
  ],
  examples: ['pipebench report result.json --html report.html', 'pipebench report result.json --gate --summary-md "$GITHUB_STEP_SUMMARY"'],
  exitCodes: {
    [E.pass]: 'rendered (with --gate: the result passed)',
    [E.usage]: 'unreadable input, bad flags or report path; or a report file could not be written',
    1: "with --gate: the result's own code (1, 3, 4, 130 …)",
  },
  defaultProfile: null,
  files: REPORT_FILES,
  resolve: (flags, ctx) => {
    const { result, problems } = readResult(ctx.args[0], ctx.cwd);
    return { plan: result && { result, gate: flags.gate === true }, problems };
  },
  target: () => false,
  run: async () => null,
  judge: (p) => p.result,
  render: (r, opts) => renderTable(r, opts),
  exitCode: (p, r) => (p.gate ? r.exit_code : E.pass),
};
