import { Command, CommanderError } from 'commander';
import { EXIT, UsageError, type Io } from './io.js';
import { registerServe } from './serve.js';
import { registerSustained } from './sustained.js';
import { registerReport } from './report.js';
import { registerCompare } from './compare.js';
import { registerMerge } from './merge.js';
import { registerCheck } from './check.js';
import { registerLatency } from './latency.js';
import { registerCapacity } from './capacity.js';
import { registerBatch } from './batch.js';
import { VERSION } from '../version.js';

export { processIo } from './io.js';

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
  registerSustained(program, io, setCode);
  registerReport(program, io, setCode);
  registerCompare(program, io, setCode);
  registerMerge(program, io, setCode);
  registerServe(program, io, setCode);
  registerCheck(program, io, setCode);
  registerLatency(program, io, setCode);
  registerCapacity(program, io, setCode);
  registerBatch(program, io, setCode);
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
