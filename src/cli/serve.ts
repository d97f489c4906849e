/**
 * `pipebench serve`: run the reference server until SIGINT/SIGTERM (or, with the hidden
 * --exit-with-parent, until stdin ends, which is how an embedding parent's death reaches us).
 * The first stdout line is `pipebench serve listening on http://HOST:PORT`: tools parse it.
 * Flags and their resolving are src/commands/serve/spec.ts; this is the process part.
 */
import { describeOptions, startServer, type ServerOptions } from '../server/index.js';
import { resolveServe, serveShape } from '../commands/serve/spec.js';
import { EXIT, InputError, type Io } from './io.js';
import type { PlainCommand } from './main.js';

export const serveCommand: PlainCommand = {
  ...serveShape,
  action: async (_args, given, io) => {
    const resolved = resolveServe(given, io.cwd);
    if (!resolved.plan) throw new InputError(resolved.problems);
    return runServe(resolved.plan.options, io, resolved.plan.exitWithParent);
  },
};

async function runServe(options: ServerOptions, io: Io, exitWithParent: boolean): Promise<number> {
  let server;
  try {
    server = await startServer(options);
  } catch (err) {
    const message = (err as Error).message;
    if (message.startsWith('--tls')) throw new InputError([message]);
    throw new InputError([`--host/--port: cannot listen on ${options.host}:${options.port}: ${message}`]);
  }
  io.stdout.write(`pipebench serve listening on ${server.url}\n`);
  for (const line of describeOptions(server.options)) io.stdout.write(`${line}\n`);
  const stop = waitForStop(io, exitWithParent);
  try {
    io.stderr.write(`pipebench serve: ${await stop.reason}; closing sessions and sockets\n`);
    await server.close();
  } finally {
    stop.dispose();
  }
  return EXIT.pass;
}

/** `reason` resolves on the first SIGINT/SIGTERM (or stdin's end); a second signal leaves at once. */
function waitForStop(io: Io, exitWithParent: boolean): { reason: Promise<string>; dispose(): void } {
  const offs: Array<() => void> = [];
  const reason = new Promise<string>((resolve) => {
    let stopping = false;
    const stop = (reason: string, bySignal = false) => {
      if (stopping) {
        if (bySignal) io.hardExit(EXIT.interrupted);
        return;
      }
      stopping = true;
      if (exitWithParent) process.stdin.destroy();
      resolve(reason);
    };
    offs.push(io.onSignal('SIGINT', () => stop('SIGINT', true)));
    offs.push(io.onSignal('SIGTERM', () => stop('SIGTERM', true)));
    if (exitWithParent) {
      process.stdin.on('end', () => stop('parent went away (stdin closed)'));
      process.stdin.on('error', () => stop('parent went away (stdin error)'));
      process.stdin.resume();
    }
  });
  return { reason, dispose: () => offs.forEach((off) => off()) };
}
