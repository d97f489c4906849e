import { Command, CommanderError } from 'commander';
import { EXIT, UsageError, type Io } from './io.js';
import { VERSION } from '../version.js';

export { processIo } from './io.js';

type Register = (program: Command, io: Io, setCode: (code: number) => void) => void;

/** Each command's module, loaded only when that command runs (or for help): startup stays light. */
const COMMANDS: Record<string, () => Promise<Register>> = {
  sustained: async () => (await import('./sustained.js')).registerSustained,
  report: async () => (await import('./report.js')).registerReport,
  compare: async () => (await import('./compare.js')).registerCompare,
  merge: async () => (await import('./merge.js')).registerMerge,
  serve: async () => (await import('./serve.js')).registerServe,
  check: async () => (await import('./check.js')).registerCheck,
  latency: async () => (await import('./latency.js')).registerLatency,
  capacity: async () => (await import('./capacity.js')).registerCapacity,
  batch: async () => (await import('./batch.js')).registerBatch,
};

/** The command named in argv (its first bare word), or every command when none or an unknown one is named. */
function commandsFor(argv: string[]): string[] {
  if (argv.length === 1 && (argv[0] === '-V' || argv[0] === '--version')) return [];
  const name = argv.find((a) => !a.startsWith('-'));
  return name !== undefined && name in COMMANDS ? [name] : Object.keys(COMMANDS);
}

/** Parse argv, run one command, return the exit code. Never calls process.exit. */
export async function main(argv: string[], io: Io): Promise<number> {
  let code: number = EXIT.pass;
  const setCode = (c: number) => {
    code = c;
  };
  const program = new Command('pipebench')
    .description('Load and latency benchmarking for real-time audio pipeline servers')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .showHelpAfterError('(run with --help for usage)');
  for (const name of commandsFor(argv)) (await COMMANDS[name]())(program, io, setCode);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    return handleError(err, io);
  }
  return code;
}

function handleError(err: unknown, io: Io): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) {
      return EXIT.pass;
    }
    return EXIT.usage;
  }
  if (err instanceof UsageError) {
    io.stderr.write(`pipebench: ${err.problems.length === 1 ? 'error' : `${err.problems.length} problems`}:\n`);
    for (const p of err.problems) io.stderr.write(`  - ${p}\n`);
    return EXIT.usage;
  }
  const msg = err instanceof Error ? err.message : String(err);
  io.stderr.write(`pipebench: internal error: ${msg}\n`);
  if (io.env.PIPEBENCH_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
  return 70;
}
