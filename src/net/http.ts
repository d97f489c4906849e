/**
 * The one HTTP client. Every HTTP request pipebench makes goes through an HttpClient: the session
 * API of load/ (create, delete, health), `batch`'s requests, `check`'s raw replies and the
 * Prometheus remote write. Each use is a set of options (pool size, timeouts, TLS), not a client
 * of its own. A request never throws: it resolves to the answer as it came (any status, the body
 * as text) or to why there was none.
 *
 * Built on its own HTTP/1.1 transport (http1.ts: keep-alive net/tls sockets, each request one
 * write, the answer read by http1-parse.ts), not on node:http or undici. pipebench's own CPU is
 * what a load generator must keep small (bench/side-by-side.ts), and creating and deleting the
 * sessions is most of its fixed cost. Measured with bench/http-cost.ts (500 creates + 500 deletes
 * through load/api.ts, 32 connections, a local server in another process, Node 20): on node:http's
 * Agent ~165 ms of CPU in a fresh process and ~55 µs a request once warm; on this transport ~60 ms
 * and ~20 µs (1000 + 1000: ~350 ms before, ~115 ms now). undici was never an option: its first
 * request compiles a WebAssembly parser (70 ms of CPU, +24 MB of peak RSS; its import 55 ms more).
 */
import { tlsConnectOptions, type TlsClientOptions } from '../load/tls.js';
import { CONNECT_TIMEOUT, Exchange, Http1Pool } from './http1.js';

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

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
const BAD_PATH = /[^\u0021-\u00ff]/;
const NOT_ASCII = /[^\x00-\x7f]/;
const JSON_TYPE = { 'content-type': 'application/json' };
/** Framing is the transport's to write. */
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection']);

export class HttpClient {
  private readonly pool: Http1Pool;
  private readonly prefix: string;
  private readonly host: string;
  /** The client's header lines (Host first), and with the JSON content-type; or why they cannot be sent. */
  private readonly lines: string | Error;
  private readonly jsonLines: string | Error;
  /** Requests not yet answered, and who waits for there to be none (close()). */
  private active = 0;
  private readonly drained: Array<() => void> = [];
  private readonly protocolError: Error | null;
  private readonly cache = new WeakMap<object, string | Error>();
  private readonly jsonCache = new WeakMap<object, string | Error>();

  constructor(private readonly opts: HttpClientOptions) {
    const base = new URL(opts.target);
    this.prefix = base.pathname.replace(/\/+$/, '');
    this.host = base.host;
    const https = base.protocol === 'https:';
    this.protocolError = https || base.protocol === 'http:' ? null
      : Object.assign(new TypeError(`Protocol "${base.protocol}" not supported. Expected "http:"`), { code: 'ERR_INVALID_PROTOCOL' });
    const host = base.hostname.replace(/^\[|\]$/g, '');
    this.pool = new Http1Pool({
      host, port: Number(base.port) || (https ? 443 : 80),
      tls: https ? tlsConnectOptions(opts.tls) : undefined,
      connections: opts.connections ?? Infinity,
      keepAliveMs: opts.keepAliveMs ?? 4000,
      connectTimeoutMs: opts.connectTimeoutMs ?? Math.min(opts.timeoutMs, 10_000),
    });
    this.lines = attempt(() => headerLines(this.host, opts.headers));
    this.jsonLines = attempt(() => headerLines(this.host, opts.headers, JSON_TYPE));
  }

  /** `method` `path` (below the target); resolves when the whole answer is read, or with why there was none. */
  send(method: HttpMethod, path: string, o: HttpSend = {}): Promise<HttpOutcome> {
    const t = performance.now();
    this.active++;
    return new Promise<HttpOutcome>((resolve) => {
      const end = (out: HttpOutcome) => {
        if (--this.active === 0) for (const f of this.drained.splice(0)) f();
        resolve(out);
      };
      if (o.form) {
        this.formWire(method, path, o).then((wire) => this.exchange(wire, method, o, t, end), (err: unknown) => end(this.failure(err, t)));
        return;
      }
      let wire: string | Buffer;
      try {
        wire = this.wire(method, path, o);
      } catch (err) {
        return end(this.failure(err, t));
      }
      this.exchange(wire, method, o, t, end);
    });
  }

  /**
   * Send `wire` on the pool and tell `end` how it went. One timer and one listener on the caller's
   * signal per request, both cleared on the answer (AbortSignal.timeout + AbortSignal.any measured
   * costlier: their timers stay armed).
   */
  private exchange(wire: string | Buffer, method: HttpMethod, o: HttpSend, t: number, end: (out: HttpOutcome) => void): void {
    const x = new Exchange(wire, method !== 'POST', (err, res) => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      end(res ? { status: res.status, text: res.text, ms: performance.now() - t } : this.failure(err, t));
    });
    const timer = setTimeout(() => this.pool.cancel(x, Object.assign(new Error(`no answer within ${this.opts.timeoutMs} ms`), { code: 'timeout' })), this.opts.timeoutMs);
    const onAbort = () => this.pool.cancel(x, Object.assign(new Error('This operation was aborted'), { code: 'aborted' }));
    if (o.signal?.aborted) return onAbort();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    this.pool.request(x);
  }

  private failure(err: unknown, t: number): HttpFailure {
    const code = errorCode(err);
    const aborted = code === 'aborted';
    return { status: null, code, message: errorText(err), timedOut: code === 'timeout' || code === CONNECT_TIMEOUT, aborted, ms: performance.now() - t };
  }

  /** The request's bytes: JSON stringified with its content-type, or the body as given. */
  private wire(method: HttpMethod, path: string, o: HttpSend): string | Buffer {
    if (o.json !== undefined) return this.bytes(method, path, o.headers ? this.linesWith(o.headers, this.jsonCache, JSON_TYPE) : this.jsonLines, JSON.stringify(o.json));
    return this.bytes(method, path, o.headers ? this.linesWith(o.headers, this.cache) : this.lines, o.body);
  }

  /** The client's header lines with a request's own, kept per headers object (batch sends the same one each time). */
  private linesWith(headers: Readonly<Record<string, string>>, cache: WeakMap<object, string | Error>, type?: Readonly<Record<string, string>>): string | Error {
    let lines = cache.get(headers);
    if (lines === undefined) cache.set(headers, (lines = attempt(() => headerLines(this.host, this.opts.headers, type, headers))));
    return lines;
  }

  /** A form's bytes: serialised by Response, with its boundary in the content-type. */
  private async formWire(method: HttpMethod, path: string, o: HttpSend): Promise<string | Buffer> {
    const encoded = new Response(o.form);
    const type = encoded.headers.get('content-type') as string;
    const body = new Uint8Array(await encoded.arrayBuffer());
    return this.bytes(method, path, headerLines(this.host, this.opts.headers, { 'content-type': type }, o.headers), body);
  }

  /** Request line, header lines, Content-Length and body, as one string or Buffer for one write. */
  private bytes(method: HttpMethod, path: string, lines: string | Error, body: string | Uint8Array | undefined): string | Buffer {
    if (this.protocolError) throw this.protocolError;
    if (lines instanceof Error) throw lines;
    const target = this.prefix + path;
    if (BAD_PATH.test(target)) throw Object.assign(new TypeError('Request path contains unescaped characters'), { code: 'ERR_UNESCAPED_CHARACTERS' });
    const length = body === undefined ? (method === 'POST' ? 0 : -1) : typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    const head = `${method} ${target} HTTP/1.1\r\n${lines}${length >= 0 ? `Content-Length: ${length}\r\n` : ''}\r\n`;
    // Header bytes are latin1, as node:http sends them; an all-ASCII head can share the body's UTF-8 string.
    if (!NOT_ASCII.test(head)) return body === undefined ? head : typeof body === 'string' ? head + body : Buffer.concat([Buffer.from(head, 'latin1'), body]);
    return Buffer.concat([Buffer.from(head, 'latin1'), ...(body === undefined ? [] : [typeof body === 'string' ? Buffer.from(body) : body])]);
  }

  /** Close the kept-alive connections once the requests in flight have finished. */
  async close(): Promise<void> {
    if (this.active > 0) await new Promise<void>((r) => this.drained.push(r));
    this.pool.destroy();
  }
}

/**
 * Header lines for `sets` merged (names case-insensitive, later sets win), Host first (a given
 * `host` replaces it); framing headers are left to the transport. Throws Node's error for a name
 * or value that cannot be sent.
 */
function headerLines(host: string, ...sets: Array<Readonly<Record<string, string>> | undefined>): string {
  const merged = new Map<string, [string, string]>();
  for (const set of sets) for (const name in set) merged.set(name.toLowerCase(), [name, String(set[name])]);
  let out = merged.has('host') ? '' : `Host: ${host}\r\n`;
  for (const [lower, [name, value]] of merged) {
    if (!HEADER_NAME.test(name)) throw Object.assign(new TypeError(`Header name must be a valid HTTP token ["${name}"]`), { code: 'ERR_INVALID_HTTP_TOKEN' });
    if (BAD_HEADER_VALUE.test(value)) throw Object.assign(new TypeError(`Invalid character in header content ["${name}"]`), { code: 'ERR_INVALID_CHAR' });
    if (!FRAMING.has(lower)) out += `${name}: ${value}\r\n`;
  }
  return out;
}

function attempt(f: () => string): string | Error {
  try {
    return f();
  } catch (err) {
    return err as Error;
  }
}

/** Node's error code (`ECONNREFUSED`, a TLS code), on the error or its cause. */
function errorCode(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' ? code : '';
}

/** The most specific message: the cause's, else the error's. */
function errorText(err: unknown): string {
  const e = err as { message?: string; cause?: { message?: string } };
  return e?.cause?.message ?? e?.message ?? String(err);
}
