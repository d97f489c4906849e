/** `pipebench check`: every scenario of the integration-test guide, once, pass/fail per check. */
import { resolveSustained } from '../../scenario.js';
import { CHECKS, CHECK_NAMES, selectChecks, splitNames } from '../../check/catalogue.js';
import { renderCheckTable } from '../../check/render.js';
import { EXIT_CODES as E } from '../../evaluate/exit-codes.js';
import { durationFlag } from '../../capacity/fields.js';
import { OUTPUT_FLAGS, TARGET_FLAGS, TLS_FLAGS } from '../../spine/flags.js';
import type { CommandSpec, RawFlags, ResolveContext, Resolved } from '../../spine/spec.js';
import { CHECK_DEFAULTS, judgeCheck, runChecksOn, type CheckOptions, type CheckOutcome, type CheckResult } from './run.js';
import { REPORT_FILES } from '../../spine/outputs.js';

type Plan = Omit<CheckOptions, 'target'> & { target: string | null };

const LIMITS = [
  ['check-timeout', 'checkTimeoutMs'],
  ['reply-timeout', 'replyTimeoutMs'],
  ['create-limit', 'createLimitMs'],
  ['connect-limit', 'connectLimitMs'],
] as const;

/** Every flag checked at once; --target and --header read exactly as sustained reads them. */
function resolve(flags: RawFlags, ctx: ResolveContext): Resolved<Plan> {
  const base = resolveSustained({ target: flags.target, header: flags.header, ca: flags.ca, insecure: flags.insecure }, null, ctx.cwd);
  const only = splitNames(flags.only as string[] | undefined);
  const skip = splitNames(flags.skip as string[] | undefined);
  const problems = [...base.problems, ...selectChecks(only, skip).problems];
  // `--only ''` selects nothing by name; running every check instead would not be what was asked.
  if (flags.only !== undefined && only.length === 0) problems.push(`--only: no check named; give one or more of ${CHECK_NAMES.join(', ')}`);
  const plan: Plan = { target: base.scenario?.target ?? null, headers: { ...base.scenario?.headers }, ...(base.scenario?.tls ? { tls: base.scenario.tls } : {}), only, skip };
  for (const [flag, key] of LIMITS) if (flags[flag] !== undefined) plan[key] = durationFlag(problems, flag, flags[flag], 1);
  return problems.length ? { problems } : { plan: Object.freeze(plan), problems };
}

function listChecks(): string {
  const width = Math.max(...CHECK_NAMES.map((n) => n.length));
  const d = CHECK_DEFAULTS;
  const limits = `limits: check ${d.checkTimeoutMs} ms, reply ${d.replyTimeoutMs} ms, create ${d.createLimitMs} ms, connect ${d.connectLimitMs} ms (defaults)`;
  return `${CHECKS.map((c) => `${c.name.padEnd(width)}  ${c.description}`).join('\n')}\n\n${limits}\n`;
}

const onTarget = (p: Plan, t: { url: string; embedded: boolean } | null): CheckOptions => ({ ...p, target: t!.url, embedded: t!.embedded });

export const checkSpec: CommandSpec<Plan, CheckOutcome, CheckResult> = {
  name: 'check',
  summary: 'run every scenario of the integration-test guide once: conformance and function, pass/fail per check',
  flags: [
    { name: 'only', arg: '<names>', group: 'command', repeatable: true, help: `run only these checks (comma-separated, repeatable): ${CHECK_NAMES.join(', ')}` },
    { name: 'skip', arg: '<names>', group: 'command', repeatable: true, help: 'leave these checks out (comma-separated, repeatable)' },
    { name: 'list', group: 'command', help: 'list the checks and what each verifies, then exit' },
    { name: 'check-timeout', arg: '<time>', group: 'judge', help: "each check's own time limit (default 15s)" },
    { name: 'reply-timeout', arg: '<time>', group: 'judge', help: 'how long to wait for each awaited reply (default 2s)' },
    { name: 'create-limit', arg: '<time>', group: 'judge', help: 'session create must answer within this (default 1s)' },
    { name: 'connect-limit', arg: '<time>', group: 'judge', help: 'the WebSocket must open within this (default 1s)' },
    ...TARGET_FLAGS,
    ...TLS_FLAGS,
    ...OUTPUT_FLAGS,
  ],
  examples: ['pipebench check', 'pipebench check -t http://127.0.0.1:3000 --skip batch_process --junit checks.xml', 'pipebench check --list'],
  exitCodes: {
    [E.pass]: 'every check passed',
    [E.thresholdsFailed]: 'a check failed',
    [E.usage]: 'bad input (flags, report path): nothing started; or a report file could not be written',
    [E.targetUnusable]: 'nothing answers at the target',
    [E.interrupted]: 'interrupted (Ctrl-C / SIGTERM); sessions deleted',
  },
  defaultProfile: null,
  files: REPORT_FILES,
  resolve,
  listing: (flags) => (flags.list === true ? listChecks() : null),
  target: (p) => p.target,
  run: (p, t, hooks) => runChecksOn(onTarget(p, t), { signal: hooks.signal, onProgress: hooks.progress }),
  judge: (p, t, outcome) => judgeCheck(onTarget(p, t), outcome),
  render: (r, opts) => renderCheckTable(r, opts),
};
