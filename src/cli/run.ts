/**
 * A judged command from the command line: flags (and PIPEBENCH_* variables) → the runner →
 * streams and exit code. Owns what the process gives a run: Ctrl-C (first: abort cleanly,
 * sessions deleted, partial report; second: leave at once), progress on stderr, colour.
 */
import { EXIT, type Io } from './io.js';
import { useColor } from './options.js';
import { givenFlags, nameEnvSources, type Command } from './program.js';
import { InputError } from '../spine/errors.js';
import { emit, execute, prepare } from '../spine/runner.js';
import type { SomeSpec } from '../spine/spec.js';
import { TargetError } from '../spine/target.js';
import { startProgress } from '../report/progress.js';
import { setRunHeapFlags } from './heap.js';

/**
 * Abort on the first SIGINT/SIGTERM, leave at once on the second. `clearScreen` runs before the
 * message (the spinner stops and erases its line, or it stays on screen above the message).
 */
function interruptible(io: Io, clearScreen: () => void): { signal: AbortSignal; dispose(): void } {
  const ac = new AbortController();
  let presses = 0;
  const onSignal = () => {
    presses++;
    clearScreen();
    if (presses === 1) {
      io.stderr.write('\npipebench: interrupted; finishing in-flight chunks and deleting sessions (Ctrl-C again to quit at once)\n');
      ac.abort();
    } else {
      io.stderr.write('pipebench: quitting now; sessions may be left on the server\n');
      io.hardExit(EXIT.interrupted);
    }
  };
  const offs = [io.onSignal('SIGINT', onSignal), io.onSignal('SIGTERM', onSignal)];
  return { signal: ac.signal, dispose: () => offs.forEach((off) => off()) };
}

export async function runFromCli(spec: SomeSpec, cmd: Command, args: readonly string[], io: Io): Promise<number> {
  const given = givenFlags(cmd, spec.flags, io.env);
  const listing = spec.listing?.(given.flags);
  if (listing) {
    io.stdout.write(listing);
    return EXIT.pass;
  }
  setRunHeapFlags();
  let prepared;
  try {
    prepared = prepare(spec, given.flags, args, io.cwd, io.env);
  } catch (err) {
    if (err instanceof InputError) throw new InputError([...given.problems, ...nameEnvSources(err.problems, given.fromEnv)]);
    throw err;
  }
  if (given.problems.length) throw new InputError(given.problems);
  const quiet = given.flags.quiet === true;
  const color = useColor(io, given.flags.color as boolean | undefined);
  const say = (text: string) => (quiet ? undefined : io.stderr.write(`pipebench: ${text}\n`));
  const progress = await startProgress(io.stderr, !quiet);
  const stop = interruptible(io, () => progress.stop());
  let result;
  try {
    result = await execute(prepared, { signal: stop.signal, progress: (t) => progress.update(t), announce: say });
  } catch (err) {
    if (!(err instanceof TargetError)) throw err;
    io.stderr.write(`pipebench: ${err.message}\n`);
    return err.interrupted ? EXIT.interrupted : EXIT.targetUnusable;
  } finally {
    progress.stop();
    stop.dispose();
  }
  const out = emit(prepared, result);
  for (const p of out.problems) io.stderr.write(`pipebench: ${p}\n`);
  if (out.stdoutJson !== null) io.stdout.write(out.stdoutJson);
  if (!quiet) (out.stdoutJson !== null ? io.stderr : io.stdout).write(spec.render(out.result, { color }));
  return out.exitCode;
}
