/** `pipebench check`: parse → validate everything → run each check once → table / JSON / reports. */
import type { Command } from 'commander';
import { EXIT, InputError, type Io } from './io.js';
import { collect, typedOptions } from './options.js';
import { addOutputOptions, validateOutputFlags, writeOutputs } from './outputs.js';
import { addResultOptions, emitReport, reportOptions } from './emit.js';
import { withTarget } from './target.js';
import { resolveSustained } from '../scenario.js';
import { parseDurationMs } from '../units.js';
import { CHECKS, CHECK_NAMES, selectChecks, splitNames } from '../check/catalogue.js';
import { renderCheckTable } from '../check/render.js';
import { check, CHECK_DEFAULTS, type CheckOptions } from '../commands/check.js';

export function registerCheck(program: Command, io: Io, setCode: (code: number) => void): void {
  const cmd = program
    .command('check')
    .description('run every scenario of the integration-test guide once: conformance and function, pass/fail per check')
    .option('-t, --target <url>', 'http(s) URL of the server (default: start the embedded reference server)')
    .option('--only <names>', `run only these checks (comma-separated, repeatable): ${CHECK_NAMES.join(', ')}`, collect)
    .option('--skip <names>', 'leave these checks out (comma-separated, repeatable)', collect)
    .option('--list', 'list the checks and what each verifies, then exit')
    .option('--check-timeout <time>', "each check's own time limit (default 15s)")
    .option('--reply-timeout <time>', 'how long to wait for each awaited reply (default 2s)')
    .option('--create-limit <time>', 'session create must answer within this (default 1s)')
    .option('--connect-limit <time>', 'the WebSocket must open within this (default 1s)')
    .option('-H, --header <header>', "'Name: value' sent on HTTP and WebSocket (repeatable; values never printed)", collect);
  addOutputOptions(addResultOptions(cmd)).action(async (_opts, c: Command) => {
    setCode(await run(c, io));
  });
}

/** A duration flag in ms, or its default; a bad value adds a problem naming the flag. */
function durationFlag(flags: Record<string, unknown>, name: string, problems: string[]): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const ms = parseDurationMs(String(v));
  if (ms === undefined || ms <= 0) problems.push(`--${name}: "${String(v)}" is not a positive duration; write e.g. 500ms, 2s, 1m`);
  return ms;
}

/** Every flag checked at once; the options for `check()` or every problem. */
function resolveFlags(flags: Record<string, unknown>, io: Io): { options: Omit<CheckOptions, 'target'> & { target: string | null }; problems: string[] } {
  // --target and --header read exactly as sustained reads them; its other fields keep their defaults.
  const base = resolveSustained({ target: flags.target, header: flags.header }, null, io.cwd);
  const only = splitNames(flags.only as string[] | undefined);
  const skip = splitNames(flags.skip as string[] | undefined);
  const problems = [...base.problems, ...selectChecks(only, skip).problems, ...validateOutputFlags(flags, io.cwd)];
  const options = {
    target: base.scenario?.target ?? null,
    headers: { ...base.scenario?.headers },
    only,
    skip,
    checkTimeoutMs: durationFlag(flags, 'check-timeout', problems),
    replyTimeoutMs: durationFlag(flags, 'reply-timeout', problems),
    createLimitMs: durationFlag(flags, 'create-limit', problems),
    connectLimitMs: durationFlag(flags, 'connect-limit', problems),
  };
  return { options, problems };
}

function listChecks(): string {
  const width = Math.max(...CHECK_NAMES.map((n) => n.length));
  const limits = `limits: check ${CHECK_DEFAULTS.checkTimeoutMs} ms, reply ${CHECK_DEFAULTS.replyTimeoutMs} ms, create ${CHECK_DEFAULTS.createLimitMs} ms, connect ${CHECK_DEFAULTS.connectLimitMs} ms (defaults)`;
  return `${CHECKS.map((c) => `${c.name.padEnd(width)}  ${c.description}`).join('\n')}\n\n${limits}\n`;
}

async function run(cmd: Command, io: Io): Promise<number> {
  const flags = typedOptions(cmd);
  if (flags.list === true) {
    io.stdout.write(listChecks());
    return EXIT.pass;
  }
  const { options, problems } = resolveFlags(flags, io);
  if (problems.length) throw new InputError(problems);
  const out = reportOptions(cmd, flags, io);
  return withTarget(io, options.target, out.quiet, async (target, signal) => {
    const onProgress = out.quiet || !io.stderr.isTTY ? undefined : (text: string) => io.stderr.write(`pipebench: ${text}\n`);
    const result = await check({ ...options, target: target.url, embedded: target.embedded }, { signal, onProgress });
    emitReport(result, renderCheckTable(result, { color: out.color }), io, out);
    for (const p of writeOutputs(result, flags, io)) io.stderr.write(`pipebench: ${p}\n`);
    return result.exit_code;
  });
}
