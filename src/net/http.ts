/**
 * The one HTTP client. Every HTTP request pipebench makes goes through an HttpClient: the session
 * API of load/ (create, delete, health), `batch`'s requests, `check`'s raw replies and the
 * Prometheus remote write. Each use is a set of options (pool size, timeouts, TLS), not a client
 * of its own. A request never throws: it resolves to the answer as it came (any status, the body
 * as text) or to why there was none.
 *
 * Built on node:http, not undici: pipebench sends a few requests per session, and undici's first
 * request compiles its WebAssembly HTTP parser, which measured 70 ms of CPU and +24 MB of peak RSS
 * per process (node:http: 6 ms, +1 MB); its import cost another 55 ms. Both land in every run of
 * a load generator whose own cost is what it must keep small (bench/side-by-side.ts).
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { tlsConnectOptions, type TlsClientOptions } from '../load/tls.js';

export interface HttpClientOptions {
  /** Base URL, e.g. http://127.0.0.1:3000 (a path prefix is kept; trailing slashes are not). */
  target: string;
  /** Sent with every request (auth headers from --header / --header-file). */
  headers?: Readonly<Record<string, string>>;
  /** Per request: no headers, a stalled body or no whole answer within this long is a timeout. */
  timeoutMs: number;
  /** Connecting may take this long; default the smaller of timeoutMs and 10 s. */
  connectTimeoutMs?: number;
  /** Keep-alive connections to the target; requests beyond them queue in the client. Default: no limit. */
  connections?: number;
  /** How long an idle connection is kept for the next request (default 4 s). */
  keepAliveMs?: number;
  /** Certificate checks for an https:// target (verified by default). */
  tls?: TlsClientOptions;
}

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

/** What a request sends besides the client's headers. `json` is stringified with its content-type. */
export interface HttpSend {
  json?: unknown;
  /** multipart/form-data (the global FormData); the boundary is chosen when sent. */
  form?: FormData;
  /** Bytes ready to send (give their content-type in `headers`). */
  body?: string | Uint8Array;
  headers?: Readonly<Record<string, string>>;
  /** The caller's abort (Ctrl-C); the client's own timeout applies besides it. */
  signal?: AbortSignal;
}

/** An answer, whatever its status. */
export interface HttpAnswer {
  status: number;
  text: string;
  /** From the request's start to the end of the body. */
  ms: number;
}

/** No answer. `code` is Node's (`ECONNREFUSED`, `ECONNRESET`), or 'timeout' / 'connect timeout' / 'aborted'. */
export interface HttpFailure {
  status: null;
  code: string;
  /** The most specific message; the client's own timeout says how long it waited. */
  message: string;
  /** The client's own timeout (or its connect timeout) ended it. */
  timedOut: boolean;
  /** The caller's signal ended it. */
  aborted: boolean;
  ms: number;
}

export type HttpOutcome = HttpAnswer | HttpFailure;

const CONNECT_TIMEOUT = 'connect timeout';

export class HttpClient {
  private readonly agent: HttpAgent;
  private readonly request: typeof httpRequest;
  private readonly base: URL;
  private readonly prefix: string;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly jsonHeaders: Readonly<Record<string, string>>;
  private readonly inFlight = new Set<Promise<HttpOutcome>>();

  constructor(private readonly opts: HttpClientOptions) {
    this.base = new URL(opts.target);
    this.prefix = this.base.pathname.replace(/\/+$/, '');
    this.headers = { ...opts.headers };
    this.jsonHeaders = { ...opts.headers, 'content-type': 'application/json' };
    const pool = { keepAlive: true, maxSockets: opts.connections ?? Infinity, timeout: opts.keepAliveMs ?? 4000 };
    const https = this.base.protocol === 'https:';
    this.agent = https ? new HttpsAgent({ ...pool, ...tlsConnectOptions(opts.tls) }) : new HttpAgent(pool);
    this.request = https ? httpsRequest : httpRequest;
  }

  /** `method` `path` (below the target); resolves when the whole answer is read, or with why there was none. */
  send(method: HttpMethod, path: string, o: HttpSend = {}): Promise<HttpOutcome> {
    const p = this.exchange(method, path, o);
    this.inFlight.add(p);
    void p.then(() => this.inFlight.delete(p));
    return p;
  }

  private async exchange(method: HttpMethod, path: string, o: HttpSend): Promise<HttpOutcome> {
    const t = performance.now();
    // One controller, a timer cleared on the answer and a listener on the caller's signal: cheaper per
    // request than AbortSignal.timeout + AbortSignal.any (whose timers stay armed until they fire;
    // 12 ms of a 1000-session run's teardown went to creating them).
    const stop = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      stop.abort();
    }, this.opts.timeoutMs);
    const onAbort = () => stop.abort();
    if (o.signal?.aborted) stop.abort();
    else o.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const { body, headers } = await this.bodyOf(o);
      const res = await this.exchangeOnce(method, path, headers, body, stop.signal);
      return { status: res.status, text: res.text, ms: performance.now() - t };
    } catch (err) {
      const aborted = o.signal?.aborted === true;
      const code = aborted ? 'aborted' : timedOut ? 'timeout' : errorCode(err);
      const message = code === 'timeout' ? `no answer within ${this.opts.timeoutMs} ms` : errorText(err);
      return { status: null, code, message, timedOut: !aborted && (code === 'timeout' || code === CONNECT_TIMEOUT), aborted, ms: performance.now() - t };
    } finally {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** One request on the pool; rejects with Node's error, or ours for a connect timeout. */
  private exchangeOnce(method: HttpMethod, path: string, headers: Readonly<Record<string, string>>, body: string | Uint8Array | undefined, signal: AbortSignal): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = this.request({
        protocol: this.base.protocol, hostname: this.base.hostname.replace(/^\[|\]$/g, ''), port: this.base.port,
        path: this.prefix + path, method, headers, agent: this.agent, signal,
      }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.on('socket', (socket) => {
        if (!socket.connecting) return;
        const ms = this.opts.connectTimeoutMs ?? Math.min(this.opts.timeoutMs, 10_000);
        const timer = setTimeout(() => req.destroy(Object.assign(new Error(`could not connect within ${ms} ms`), { code: CONNECT_TIMEOUT })), ms);
        socket.once('connect', () => clearTimeout(timer));
        socket.once('close', () => clearTimeout(timer));
      });
      req.end(body);
    });
  }

  /** The request's body and headers: JSON stringified, a form serialised with its boundary. */
  private async bodyOf(o: HttpSend): Promise<{ body: string | Uint8Array | undefined; headers: Readonly<Record<string, string>> }> {
    if (o.json !== undefined) return { body: JSON.stringify(o.json), headers: o.headers ? { ...this.jsonHeaders, ...o.headers } : this.jsonHeaders };
    if (o.form) {
      const encoded = new Response(o.form);
      const type = encoded.headers.get('content-type') as string;
      return { body: new Uint8Array(await encoded.arrayBuffer()), headers: { ...this.headers, 'content-type': type, ...o.headers } };
    }
    return { body: o.body, headers: o.headers ? { ...this.headers, ...o.headers } : this.headers };
  }

  /** Close the kept-alive connections once the requests in flight have finished. */
  async close(): Promise<void> {
    await Promise.all(this.inFlight);
    this.agent.destroy();
  }
}

/** Node's error code (`ECONNREFUSED`, a TLS code), on the error or its cause. */
function errorCode(err: unknown): string {
  const e = err as { name?: string; code?: unknown; cause?: { code?: unknown } };
  if (e?.name === 'AbortError') return 'aborted';
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' ? code : '';
}

/** The most specific message: the cause's, else the error's. */
function errorText(err: unknown): string {
  const e = err as { message?: string; cause?: { message?: string } };
  return e?.cause?.message ?? e?.message ?? String(err);
}
