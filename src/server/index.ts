/**
 * The reference server behind `pipebench serve`: the Pipeline Studio protocol (shared/protocol.md)
 * with real DSP, limits and fault injection. Start it in-process with startServer, or as a child
 * process with startEmbeddedServer (./embedded.ts).
 *
 * Where the protocol leaves a choice, this server decides:
 * - one socket per session: a new connection replaces the old one, which is closed with 4000;
 *   the chain and the chunks_processed counter carry on;
 * - close codes: DELETE 1000, idle timeout and shutdown 1001, oversized frame 1009 (ws), unknown
 *   session 1000 after an error frame; --drop-after terminates without a close frame (1006);
 * - idle = no HTTP create, WebSocket connect or frame for --idle-timeout;
 * - faults hold replies in a per-connection FIFO (./outbox.ts), so order survives every fault;
 *   stall windows run on the server's clock from its start, shared by every connection.
 */
import { randomInt } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { CpuMeter } from './cpu.js';
import { FaultPlan } from './faults.js';
import { hasRandomFaults, resolveServerOptions, validateServerOptions, type ServerOptions, type ServerTls } from './options.js';
import { createRealtimeSockets } from './realtime-ws.js';
import { createRequestListener, type RouteContext } from './router.js';
import { analysisRoutes } from './routes-analysis.js';
import { batchRoutes } from './routes-batch.js';
import { realtimeRoutes } from './routes-realtime.js';
import { stageRoutes } from './routes-stages.js';
import { SessionStore, type StoreTotals } from './sessions.js';

export { DEFAULT_SERVER_OPTIONS, describeOptions, validateServerOptions, type ServerOptions, type ServerTls } from './options.js';

/** A listening server. */
export interface RunningServer {
  /** `http(s)://host:port`, e.g. http://127.0.0.1:41234; WebSockets live at ws(s)://host:port/api/.... */
  url: string;
  host: string;
  /** The bound port (the real one when 0 was asked for). */
  port: number;
  /** The options in effect, defaults filled in (and the seed drawn when random faults had none). */
  options: ServerOptions;
  /** Sessions currently alive. */
  sessionCount(): number;
  /** Sessions created and removed, chunks processed, since start (in-process only). */
  totals(): StoreTotals;
  /** HTTP requests answered or being answered since the start (upgrades not included). */
  requestsServed(): number;
  /** Close sessions and sockets (1001), stop listening; resolves when everything is released. */
  close(): Promise<void>;
}

/** How long open WebSockets get to answer our close frame before they are terminated. */
const CLOSE_GRACE_MS = 1000;

/** Invalid options throw an Error listing every problem (the CLI checks them first, as usage errors). */
export async function startServer(opts: Partial<ServerOptions> = {}): Promise<RunningServer> {
  const options = resolveServerOptions(opts);
  const problems = validateServerOptions(options);
  if (problems.length > 0) throw new Error(`invalid server options:\n  - ${problems.join('\n  - ')}`);
  // Random faults always have a seed, reported with the options, so any run can be replayed.
  if (options.seed === undefined && hasRandomFaults(options)) options.seed = randomInt(1, 2 ** 31 - 1);
  const store = new SessionStore(options.maxSessions, options.idleTimeoutMs);
  const cpu = new CpuMeter();
  const faults = new FaultPlan(options, performance.now());
  const ctx: RouteContext = { options, store, faults, cpu, startedAtMs: Date.now() };
  const routes = [...realtimeRoutes, ...batchRoutes, ...stageRoutes, ...analysisRoutes];
  const route = createRequestListener(routes, ctx);
  let requests = 0;
  const listener: RequestListener = (req, res) => {
    requests++;
    route(req, res);
  };
  const server = options.tls ? tlsServer(options.tls, listener) : createServer(listener);
  const sockets = createRealtimeSockets(store, { faults, cpu }, options.maxFrameBytes);
  server.on('upgrade', sockets.onUpgrade);
  await listen(server, options.host, options.port);
  cpu.start();
  store.startSweeper();
  const port = (server.address() as AddressInfo).port;
  const host = options.host;
  let closing: Promise<void> | undefined;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    options,
    sessionCount: () => store.size,
    totals: () => store.totals(),
    requestsServed: () => requests,
    close() {
      closing ??= (async () => {
        cpu.stop();
        store.closeAll(1001, 'Server shutting down');
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await sockets.close(CLOSE_GRACE_MS);
        server.closeAllConnections();
        await stopped;
      })();
      return closing;
    },
  };
}

/** An HTTPS server; a certificate or key that does not load is named as such. */
function tlsServer(tls: ServerTls, listener: RequestListener): Server {
  try {
    return createTlsServer({ cert: tls.cert, key: tls.key }, listener);
  } catch (err) {
    throw new Error(`--tls-cert/--tls-key: not a usable PEM certificate and key (${(err as Error).message})`);
  }
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
