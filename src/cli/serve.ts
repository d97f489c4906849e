/**
 * `pipebench serve`: run the reference server until SIGINT/SIGTERM (or, with the hidden
 * --exit-with-parent, until stdin ends, which is how an embedding parent's death reaches us).
 * The first stdout line is `pipebench serve listening on http://HOST:PORT`: tools parse it.
 */
import { readFileSync } from 'node:fs';
import { describeOptions, startServer, validateServerOptions, type ServerOptions } from '../server/index.js';
import { resolveServerOptions } from '../server/options.js';
import { parseDurationMs } from '../units.js';
import { EXIT, InputError, type Io } from './io.js';
import type { PlainCommand } from './main.js';
import type { FlagGroup, FlagSpec, RawFlags } from '../spine/spec.js';

interface ServeFlags {
  host: string;
  port: string;
  maxFrameBytes: string;
  maxBodyBytes: string;
  maxSessions: string;
  idleTimeout: string;
  delayMs: string;
  jitterMs: string;
  stallEvery: string;
  stallFor: string;
  errorRate: string;
  dropAfter: string;
  failCreateRate: string;
  seed?: string;
  tlsCert?: string;
  tlsKey?: string;
  exitWithParent?: boolean;
}

/** Each flag: long name, value, help and default. */
const SERVE_FLAGS: ReadonlyArray<[name: string, arg: string | null, help: string, fallback?: string, group?: FlagGroup]> = [
  ['host', '<host>', 'interface to bind (loopback by default: never exposed by accident)', '127.0.0.1'],
  ['port', '<port>', 'TCP port; 0 picks any free port', '3000'],
  ['max-frame-bytes', '<size>', 'largest WebSocket message; bigger closes the socket (1009)', '1MiB'],
  ['max-body-bytes', '<size>', 'largest HTTP request body (413 beyond)', '32MiB'],
  ['max-sessions', '<n>', 'sessions alive at once (503 beyond)', '1000'],
  ['idle-timeout', '<duration>', 'remove sessions never connected or silent this long; 0 = never', '5m'],
  ['delay-ms', '<ms>', 'fault: hold every reply back this long (FIFO kept)', '0', 'faults'],
  ['jitter-ms', '<ms>', 'fault: plus a random 0..N ms', '0', 'faults'],
  ['stall-every', '<duration>', 'fault: every so often stop answering (with --stall-for)', '0', 'faults'],
  ['stall-for', '<duration>', 'fault: for this long, then answer what queued', '0', 'faults'],
  ['error-rate', '<p>', 'fault: probability 0..1 that a chunk gets an error instead', '0', 'faults'],
  ['drop-after', '<n>', 'fault: terminate a socket (no close frame) after N chunks on it; 0 = never', '0', 'faults'],
  ['fail-create-rate', '<p>', 'fault: probability 0..1 that creating a session answers 500', '0', 'faults'],
  ['seed', '<int>', 'seed the fault dice for reproducible runs (default: drawn and printed)', undefined, 'faults'],
  ['tls-cert', '<file>', 'serve https:// and wss:// with this PEM certificate (chain); needs --tls-key'],
  ['tls-key', '<file>', 'the PEM private key of --tls-cert'],
];

const camel = (name: string) => name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** The flags given over the defaults, camelCased as ServeFlags. */
function serveFlags(given: RawFlags): ServeFlags {
  const out: Record<string, unknown> = {};
  for (const [name, , , fallback] of SERVE_FLAGS) out[camel(name)] = given[name] ?? fallback;
  out.exitWithParent = given['exit-with-parent'] === true;
  return out as unknown as ServeFlags;
}

export const serveCommand: PlainCommand = {
  name: 'serve',
  summary: 'run the reference server (real DSP, same protocol) with optional limits and injected faults',
  flags: [
    ...SERVE_FLAGS.map(([name, arg, help, fallback, group]): FlagSpec => ({
      name, ...(arg ? { arg } : {}), group: group ?? 'command', help: fallback === undefined ? help : `${help} (default ${fallback})`,
    })),
    { name: 'exit-with-parent', group: 'command', help: 'exit when stdin ends (used by the embedded launcher)', hidden: true },
  ],
  examples: ['pipebench serve --port 3000', 'pipebench serve --port 0 --delay-ms 40 --jitter-ms 10 --error-rate 0.02 --drop-after 300'],
  exitCodes: { [EXIT.pass]: 'stopped by SIGINT/SIGTERM', [EXIT.usage]: 'bad flags, or the port cannot be listened on', [EXIT.interrupted]: 'a second signal while closing' },
  action: async (_args, given, io) => {
    const flags = serveFlags(given);
    return runServe(parseServeFlags(flags), io, flags.exitWithParent === true);
  },
};

/** Turn the flags into ServerOptions, collecting every problem into one InputError. */
export function parseServeFlags(f: ServeFlags): ServerOptions {
  const problems: string[] = [];
  const num = (flag: string, text: string, parse: (t: string) => number | undefined, what: string) => {
    const v = parse(text.trim());
    if (v === undefined || Number.isNaN(v)) problems.push(`${flag}: '${text}' is not ${what}`);
    return v ?? NaN;
  };
  const int = (t: string) => (/^\d+$/.test(t) ? Number(t) : undefined);
  const real = (t: string) => (/^\d*\.?\d+$/.test(t) ? Number(t) : undefined);
  const ms = (t: string) => parseDurationMs(t, 'ms');
  const dur = (t: string) => (t === '0' ? 0 : parseDurationMs(t));
  const DUR = 'a duration such as 500ms, 30s or 5m (0 = off)';
  const parsed: Partial<ServerOptions> = {
    host: f.host,
    port: num('--port', f.port, int, 'a port number'),
    maxFrameBytes: num('--max-frame-bytes', f.maxFrameBytes, parseSize, 'a size such as 65536, 64KiB or 1MiB'),
    maxBodyBytes: num('--max-body-bytes', f.maxBodyBytes, parseSize, 'a size such as 65536, 64KiB or 1MiB'),
    maxSessions: num('--max-sessions', f.maxSessions, int, 'a whole number'),
    idleTimeoutMs: num('--idle-timeout', f.idleTimeout, dur, DUR),
    delayMs: num('--delay-ms', f.delayMs, ms, 'milliseconds (e.g. 50 or 50ms)'),
    jitterMs: num('--jitter-ms', f.jitterMs, ms, 'milliseconds (e.g. 20 or 20ms)'),
    stallEveryMs: num('--stall-every', f.stallEvery, dur, DUR),
    stallForMs: num('--stall-for', f.stallFor, dur, DUR),
    errorRate: num('--error-rate', f.errorRate, real, 'a probability from 0 to 1'),
    dropAfter: num('--drop-after', f.dropAfter, int, 'a whole number of chunks'),
    failCreateRate: num('--fail-create-rate', f.failCreateRate, real, 'a probability from 0 to 1'),
    seed: f.seed === undefined ? undefined : num('--seed', f.seed, (t) => (/^-?\d+$/.test(t) ? Number(t) : undefined), 'an integer'),
    tls: readTlsFiles(f, problems),
  };
  const options = resolveServerOptions(parsed);
  // Range checks only for what parsed, so one bad value is reported once.
  const unparsed = new Set(problems.map((p) => p.slice(0, p.indexOf(':'))));
  problems.push(...validateServerOptions(options).filter((p) => !unparsed.has(p.slice(0, p.indexOf(':')))));
  if (problems.length > 0) throw new InputError(problems);
  return options;
}

/** The PEM files of --tls-cert/--tls-key, read now so a bad path is a usage error. */
function readTlsFiles(f: ServeFlags, problems: string[]): ServerOptions['tls'] {
  if (f.tlsCert === undefined && f.tlsKey === undefined) return undefined;
  if (f.tlsCert === undefined || f.tlsKey === undefined) {
    problems.push('--tls-cert and --tls-key: give both (a PEM certificate and its private key) or neither');
    return undefined;
  }
  const read = (flag: string, file: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      problems.push(`${flag}: cannot read '${file}' (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      return '';
    }
  };
  const tls = { cert: read('--tls-cert', f.tlsCert), key: read('--tls-key', f.tlsKey) };
  return tls.cert && tls.key ? tls : undefined;
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1000, kib: 1024, k: 1024, mb: 1e6, mib: 1024 ** 2, m: 1024 ** 2, gib: 1024 ** 3 };

/** `65536`, `64KiB`, `1MiB`, `2mb` → bytes; undefined when not a size. */
function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text);
  const unit = m && Object.hasOwn(SIZE_UNITS, m[2].toLowerCase()) ? SIZE_UNITS[m[2].toLowerCase()] : undefined;
  return m && unit !== undefined ? Math.round(Number(m[1]) * unit) : undefined;
}

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
