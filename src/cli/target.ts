/**
 * Owns what a load command needs from the process around a run: the target (the embedded
 * reference server when none is given) and Ctrl-C. First Ctrl-C aborts the run cleanly
 * (sessions deleted, partial report); a second one leaves at once.
 */
import { EXIT, type Io } from './io.js';
import { startEmbeddedServer } from '../server/embedded.js';
import type { TargetInfo } from '../commands/sustained/run.js';

export type { TargetInfo };

export async function withTarget(
  io: Io,
  target: string | null,
  quiet: boolean,
  run: (target: TargetInfo, signal: AbortSignal) => Promise<number>,
): Promise<number> {
  const ac = new AbortController();
  let presses = 0;
  const onSignal = () => {
    presses++;
    if (presses === 1) {
      io.stderr.write('\npipebench: interrupted; finishing in-flight chunks and deleting sessions (Ctrl-C again to quit at once)\n');
      ac.abort();
    } else {
      io.stderr.write('pipebench: quitting now; sessions may be left on the server\n');
      io.hardExit(EXIT.interrupted);
    }
  };
  const offInt = io.onSignal('SIGINT', onSignal);
  const offTerm = io.onSignal('SIGTERM', onSignal);
  let embedded: Awaited<ReturnType<typeof startEmbeddedServer>> | null = null;
  try {
    if (target === null) {
      if (!quiet) io.stderr.write('pipebench: no --target given; starting the embedded reference server\n');
      try {
        embedded = await startEmbeddedServer({ signal: ac.signal });
      } catch (err) {
        if (ac.signal.aborted) return EXIT.interrupted;
        io.stderr.write(`pipebench: the embedded reference server did not start: ${(err as Error).message}\n`);
        return EXIT.targetUnusable;
      }
    }
    return await run({ url: embedded?.url ?? (target as string), embedded: embedded !== null }, ac.signal);
  } finally {
    offInt();
    offTerm();
    await embedded?.stop();
  }
}
