/**
 * The entry point: argv and an Io in, an exit code out; never exits the process. Only the named
 * command's module is loaded, so `--help` and `--version` load no command's run code.
 */
import { EXIT, type Io } from './io.js';
import { CommanderError, describe, givenFlags, rootProgram, type Command, type CommandShape } from './program.js';
import { describeProblems, InputError } from '../spine/errors.js';
import type { RawFlags, SomeSpec } from '../spine/spec.js';
import { VERSION } from '../version.js';

export { processIo } from './io.js';

/** A command that is not a judged run (`serve`, `compare`): flags as data and its own action. */
export interface PlainCommand extends CommandShape {
  action(args: string[], flags: RawFlags, io: Io): Promise<number>;
}

/** A command of the catalogue: its one-line summary, and how to load it. */
interface Entry {
  summary: string;
  load: () => Promise<SomeSpec | PlainCommand>;
}

export const CATALOGUE: Record<string, Entry> = {
  sustained: {
    summary: 'stream sine-wave chunks on N concurrent sessions and judge latency against thresholds',
    load: async () => (await import('../commands/sustained/spec.js')).sustainedSpec,
  },
  capacity: {
    summary: 'step sessions up until a threshold breaks, then bisect: how many sessions the target holds',
    load: async () => (await import('../commands/capacity/spec.js')).capacitySpec,
  },
  latency: {
    summary: "the guide's latency test: one session, chunks sent one at a time, each waiting for its reply",
    load: async () => (await import('../commands/latency/spec.js')).latencySpec,
  },
  check: {
    summary: 'run every scenario of the integration-test guide once: conformance, pass/fail per check',
    load: async () => (await import('../commands/check/spec.js')).checkSpec,
  },
  batch: {
    summary: 'load an HTTP endpoint (pipeline, one stage, FFT, loudness) with generated audio and judge it',
    load: async () => (await import('../commands/batch/spec.js')).batchSpec,
  },
  report: {
    summary: 'render a saved result again: table, HTML, JUnit, Markdown, timeline',
    load: async () => (await import('../commands/report/spec.js')).reportSpec,
  },
  compare: {
    summary: 'compare two results: better/same/worse beyond tolerance and noise',
    load: async () => (await import('../commands/compare/spec.js')).compareSpec,
  },
  merge: {
    summary: 'merge results of runs that ran side by side and judge the thresholds on the whole',
    load: async () => (await import('../commands/merge/spec.js')).mergeSpec,
  },
  completion: {
    summary: 'print a shell completion script: pipebench completion bash|zsh|fish',
    load: async () => (await import('./completion.js')).completionCommand,
  },
  serve: {
    summary: 'run the reference server (real DSP, same protocol) with optional limits and injected faults',
    load: async () => (await import('./serve.js')).serveCommand,
  },
};

/** A plain command's flags (environment included), every problem at once. */
function runPlain(command: PlainCommand, cmd: Command, io: Io): Promise<number> {
  const given = givenFlags(cmd, command.flags, io.env);
  if (given.problems.length) throw new InputError(given.problems);
  return command.action(cmd.args, given.flags, io);
}

/** The command argv names: its first bare word, if it is one of ours. */
function commandIn(argv: string[]): string | undefined {
  const name = argv.find((a) => !a.startsWith('-'));
  return name !== undefined && name in CATALOGUE ? name : undefined;
}

/** Parse argv, run one command, return the exit code. Never calls process.exit. */
export async function main(argv: string[], io: Io): Promise<number> {
  let code: number = EXIT.pass;
  const setCode = (c: number) => {
    code = c;
  };
  const program = rootProgram(io, VERSION);
  const name = commandIn(argv);
  try {
    if (name === undefined) {
      // Root help or a mistake: the catalogue's summaries are enough, no command module is loaded.
      for (const [n, e] of Object.entries(CATALOGUE)) program.command(n).description(e.summary);
    } else {
      const command = await CATALOGUE[name].load();
      describe(program, command).action(async (...params: unknown[]) => {
        const cmd = params[params.length - 1] as Command;
        checkArgumentCount(command, cmd.args);
        if ('action' in command) setCode(await runPlain(command, cmd, io));
        else setCode(await (await import('./run.js')).runFromCli(command, cmd, cmd.args, io));
      });
    }
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    return handleError(err, io);
  }
  return code;
}

/** Words beyond the command's arguments: named, with how flags are written (a missing `--` is the usual cause). */
function checkArgumentCount(shape: CommandShape, args: readonly string[]): void {
  const declared = shape.args ?? [];
  if (declared.some((a) => a.name.includes('...'))) return;
  const extra = args.slice(declared.length);
  if (extra.length === 0) return;
  const takes = declared.length === 0 ? 'takes no arguments, only flags' : `takes ${declared.map((a) => a.name).join(' ')}`;
  throw new InputError([
    `unexpected ${extra.length === 1 ? 'argument' : 'arguments'} ${extra.map((a) => JSON.stringify(a)).join(', ')}: ` +
      `${shape.name} ${takes}; flags start with -- (e.g. --sessions 10), see pipebench ${shape.name} --help`,
  ]);
}

function handleError(err: unknown, io: Io): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) return EXIT.pass;
    return EXIT.usage;
  }
  if (err instanceof InputError) {
    io.stderr.write(`${describeProblems(err.problems)}\n`);
    return EXIT.usage;
  }
  const msg = err instanceof Error ? err.message : String(err);
  io.stderr.write(`pipebench: internal error (a bug; please report it with the command line): ${msg}\n`);
  if (io.env.PIPEBENCH_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
  return EXIT.internal;
}
