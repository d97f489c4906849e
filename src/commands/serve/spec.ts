/**
 * `pipebench serve`'s flags, and resolving them into ServerOptions with every problem at once
 * (the spine's resolve contract: problems name the flag, the reason and what is allowed). The
 * command's process part (listen, the stdout line tools parse, signals, --exit-with-parent's
 * stdin) is src/cli/serve.ts: serve judges nothing, so it does not go through the runner
 * (shared/ARCHITECTURE.md says why).
 */
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { EXIT_CODES as E } from '../../evaluate/exit-codes.js';
import { validateServerOptions, type ServerOptions } from '../../server/index.js';
import { resolveServerOptions } from '../../server/options.js';
import { parseDurationMs } from '../../units.js';
import type { CommandSpec, FlagGroup, FlagSpec, RawFlags, Resolved } from '../../spine/spec.js';

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

/** What serve runs with: the server's options, and whether to exit when stdin ends (the embedded launcher). */
export interface ServePlan {
  options: ServerOptions;
  exitWithParent: boolean;
}

/** The flags given over the defaults, as ServerOptions; every problem at once. */
export function resolveServe(given: RawFlags, cwd: string): Resolved<ServePlan> {
  const flags = serveFlags(given);
  const r = serverOptions(flags, cwd);
  return r.plan ? { plan: { options: r.plan, exitWithParent: flags.exitWithParent === true }, problems: [] } : { problems: r.problems };
}

/** serve's name, flags, examples and exit codes: what --help and completion show. */
export const serveShape: Pick<CommandSpec, 'name' | 'summary' | 'args' | 'flags' | 'examples' | 'exitCodes'> = {
  name: 'serve',
  summary: 'run the reference server (real DSP, same protocol) with optional limits and injected faults',
  flags: [
    ...SERVE_FLAGS.map(([name, arg, help, fallback, group]): FlagSpec => ({
      name, ...(arg ? { arg } : {}), group: group ?? 'command', help: fallback === undefined ? help : `${help} (default ${fallback})`,
    })),
    { name: 'exit-with-parent', group: 'command', help: 'exit when stdin ends (used by the embedded launcher)', hidden: true },
  ],
  examples: ['pipebench serve --port 3000', 'pipebench serve --port 0 --delay-ms 40 --jitter-ms 10 --error-rate 0.02 --drop-after 300'],
  exitCodes: { [E.pass]: 'stopped by SIGINT/SIGTERM', [E.usage]: 'bad flags, or the port cannot be listened on', [E.interrupted]: 'a second signal while closing' },
};

/** The flags as ServerOptions, or every problem at once. TLS files are read now (relative to `cwd`), so a bad path is bad input. */
function serverOptions(f: ServeFlags, cwd: string): Resolved<ServerOptions> {
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
    tls: readTlsFiles(f, cwd, problems),
  };
  const options = resolveServerOptions(parsed);
  // Range checks only for what parsed, so one bad value is reported once.
  const unparsed = new Set(problems.map((p) => p.slice(0, p.indexOf(':'))));
  problems.push(...validateServerOptions(options).filter((p) => !unparsed.has(p.slice(0, p.indexOf(':')))));
  return problems.length ? { problems } : { plan: options, problems };
}

/** The PEM files of --tls-cert/--tls-key, read now so a bad path is a usage error. */
function readTlsFiles(f: ServeFlags, cwd: string, problems: string[]): ServerOptions['tls'] {
  if (f.tlsCert === undefined && f.tlsKey === undefined) return undefined;
  if (f.tlsCert === undefined || f.tlsKey === undefined) {
    problems.push('--tls-cert and --tls-key: give both (a PEM certificate and its private key) or neither');
    return undefined;
  }
  const read = (flag: string, file: string): string => {
    try {
      return readFileSync(resolvePath(cwd, file), 'utf8');
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
