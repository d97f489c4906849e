/**
 * Options of the reference server: limits and injected faults. The same names serve the CLI
 * flags (`--max-sessions` ↔ `maxSessions`) and in-process use (`startServer({ errorRate: 1 })`).
 */
import { formatDurationMs } from '../units.js';

/** Everything `startServer` needs; `Partial<ServerOptions>` is filled from DEFAULT_SERVER_OPTIONS. */
export interface ServerOptions {
  /** Interface to bind; loopback by default so a benchmark target is never exposed by accident. */
  host: string;
  /** TCP port; 0 picks any free port (what tests and the embedded launcher use). */
  port: number;
  /** Largest WebSocket message accepted; a bigger one closes the socket (1009), as `ws` does. */
  maxFrameBytes: number;
  /** Largest HTTP request body accepted (413 beyond). */
  maxBodyBytes: number;
  /** Sessions alive at once; creating one more answers 503. */
  maxSessions: number;
  /** A session never connected, or silent, for this long is removed. 0 disables. */
  idleTimeoutMs: number;
  /** Fault: every reply is held back this long (per connection, FIFO kept). */
  delayMs: number;
  /** Fault: plus a uniformly random extra delay in [0, jitterMs). */
  jitterMs: number;
  /** Fault: every stallEveryMs (from server start), stop answering for stallForMs. 0 disables. */
  stallEveryMs: number;
  stallForMs: number;
  /** Fault: probability (0..1) that a chunk is answered with an `error` instead of being processed. */
  errorRate: number;
  /** Fault: terminate a socket (no close frame) after this many chunks on it. 0 disables. */
  dropAfter: number;
  /** Fault: probability (0..1) that creating a session answers 500. */
  failCreateRate: number;
  /** Seed for the fault dice; undefined: the server draws one at start and reports it. */
  seed: number | undefined;
  /** Serve HTTPS and WSS with this PEM certificate chain and private key; undefined: plain HTTP. */
  tls: ServerTls | undefined;
}

/** PEM texts (not file names) of the server's certificate chain and key. */
export interface ServerTls {
  cert: string | Buffer;
  key: string | Buffer;
}

/** Defaults for in-process use. The CLI overrides `port` with 3000 (the original server's port). */
export const DEFAULT_SERVER_OPTIONS: Readonly<ServerOptions> = Object.freeze({
  host: '127.0.0.1',
  port: 0,
  maxFrameBytes: 1024 * 1024,
  maxBodyBytes: 32 * 1024 * 1024,
  maxSessions: 1000,
  idleTimeoutMs: 5 * 60_000,
  delayMs: 0,
  jitterMs: 0,
  stallEveryMs: 0,
  stallForMs: 0,
  errorRate: 0,
  dropAfter: 0,
  failCreateRate: 0,
  seed: undefined,
  tls: undefined,
});

type NumericKey = Exclude<keyof ServerOptions, 'host' | 'seed' | 'tls'>;

/** Flag names, so problems read the same from the CLI and from code. */
export const OPTION_FLAGS: Record<keyof ServerOptions, string> = {
  host: '--host',
  port: '--port',
  maxFrameBytes: '--max-frame-bytes',
  maxBodyBytes: '--max-body-bytes',
  maxSessions: '--max-sessions',
  idleTimeoutMs: '--idle-timeout',
  delayMs: '--delay-ms',
  jitterMs: '--jitter-ms',
  stallEveryMs: '--stall-every',
  stallForMs: '--stall-for',
  errorRate: '--error-rate',
  dropAfter: '--drop-after',
  failCreateRate: '--fail-create-rate',
  seed: '--seed',
  tls: '--tls-cert/--tls-key',
};

/** [min, max, integer?] for each numeric option. */
const RANGES: Record<NumericKey, [number, number, boolean]> = {
  port: [0, 65535, true],
  maxFrameBytes: [64, 2 ** 31 - 1, true],
  maxBodyBytes: [1024, 2 ** 31 - 1, true],
  maxSessions: [1, 1_000_000, true],
  idleTimeoutMs: [0, 2 ** 31 - 1, false],
  delayMs: [0, 600_000, false],
  jitterMs: [0, 600_000, false],
  stallEveryMs: [0, 2 ** 31 - 1, false],
  stallForMs: [0, 2 ** 31 - 1, false],
  errorRate: [0, 1, false],
  dropAfter: [0, Number.MAX_SAFE_INTEGER, true],
  failCreateRate: [0, 1, false],
};

/** Fill defaults. Does not validate: see validateServerOptions. */
export function resolveServerOptions(partial: Partial<ServerOptions>): ServerOptions {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_SERVER_OPTIONS, ...defined };
}

/** Every problem with the options, each naming the flag and the allowed range; [] when valid. */
export function validateServerOptions(o: ServerOptions): string[] {
  const problems: string[] = [];
  if (typeof o.host !== 'string' || o.host.trim() === '') problems.push(`${OPTION_FLAGS.host}: must not be empty`);
  for (const key of Object.keys(RANGES) as NumericKey[]) {
    const [min, max, integer] = RANGES[key];
    const v = o[key];
    const kind = integer ? 'an integer' : 'a number';
    if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
      problems.push(`${OPTION_FLAGS[key]}: ${JSON.stringify(v)} is not ${kind} from ${min} to ${max}`);
    }
  }
  if (o.seed !== undefined && !Number.isSafeInteger(o.seed)) {
    problems.push(`${OPTION_FLAGS.seed}: ${JSON.stringify(o.seed)} is not an integer`);
  }
  if (o.tls !== undefined && !(o.tls.cert?.length > 0 && o.tls.key?.length > 0)) {
    problems.push(`${OPTION_FLAGS.tls}: give both a certificate and its key (PEM)`);
  }
  if ((o.stallEveryMs > 0) !== (o.stallForMs > 0)) {
    problems.push('--stall-every and --stall-for: give both or neither');
  } else if (o.stallEveryMs > 0 && o.stallForMs >= o.stallEveryMs) {
    problems.push('--stall-for: must be shorter than --stall-every (or the server never answers)');
  }
  return problems;
}

/** True when any fault is switched on. */
export function hasFaults(o: ServerOptions): boolean {
  return o.delayMs > 0 || o.jitterMs > 0 || o.stallEveryMs > 0 || o.errorRate > 0 || o.dropAfter > 0 || o.failCreateRate > 0;
}

/** True when a fault rolls dice (jitter, error rate, create failures): those runs need a seed. */
export function hasRandomFaults(o: ServerOptions): boolean {
  return o.jitterMs > 0 || o.errorRate > 0 || o.failCreateRate > 0;
}

/** One line of limits and one of faults, printed by `pipebench serve` after the listening line. */
export function describeOptions(o: ServerOptions): string[] {
  const idle = o.idleTimeoutMs > 0 ? formatDurationMs(o.idleTimeoutMs) : 'off';
  const limits =
    `limits: max-sessions ${o.maxSessions}, max-frame-bytes ${o.maxFrameBytes}, ` +
    `max-body-bytes ${o.maxBodyBytes}, idle-timeout ${idle}`;
  const faults: string[] = [];
  if (o.delayMs > 0) faults.push(`delay ${o.delayMs}ms`);
  if (o.jitterMs > 0) faults.push(`jitter ${o.jitterMs}ms`);
  if (o.stallEveryMs > 0) faults.push(`stall ${formatDurationMs(o.stallForMs)} every ${formatDurationMs(o.stallEveryMs)}`);
  if (o.errorRate > 0) faults.push(`error-rate ${o.errorRate}`);
  if (o.dropAfter > 0) faults.push(`drop-after ${o.dropAfter} chunks`);
  if (o.failCreateRate > 0) faults.push(`fail-create-rate ${o.failCreateRate}`);
  if (faults.length > 0 && o.seed !== undefined) faults.push(`seed ${o.seed}`);
  return [limits, `faults: ${faults.length > 0 ? faults.join(', ') : 'none'}`];
}
