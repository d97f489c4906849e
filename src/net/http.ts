/**
 * The one HTTP client, and the one module that imports `undici`. Every HTTP request pipebench
 * makes goes through an HttpClient: the session API of load/ (create, delete, health), `batch`'s
 * requests, `check`'s raw replies and the Prometheus remote write. Each use is a set of options
 * (pool size, timeouts, TLS), not a client of its own. A client keeps its connections alive
 * until `close()` (without it the process lingers). A request never throws: it resolves to the
 * answer as it came (any status, the body as text) or to why there was none.
 */
import { Agent, FormData, request } from 'undici';
import { tlsConnectOptions, type TlsClientOptions } from '../load/tls.js';

export { FormData };

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
  /** How long an idle connection is kept for the next request (undici's default: 4 s). */
  keepAliveMs?: number;
  /** Certificate checks for an https:// target (verified by default). */
  tls?: TlsClientOptions;
}

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

/** What a request sends besides the client's headers. `json` is stringified with its content-type. */
export interface HttpSend {
  json?: unknown;
  /** multipart/form-data; the boundary is chosen when sent. */
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

/** No answer. `code` is undici's or Node's (`ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`), or 'timeout' / 'aborted'. */
export interface HttpFailure {
  status: null;
  code: string;
  /** The most specific message; the client's own timeout says how long it waited. */
  message: string;
  /** The client's own timeout ended it (or undici's headers/body/connect timeout). */
  timedOut: boolean;
  /** The caller's signal ended it. */
  aborted: boolean;
  ms: number;
}

export type HttpOutcome = HttpAnswer | HttpFailure;

export class HttpClient {
  private readonly agent: Agent;
  private readonly base: string;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly jsonHeaders: Readonly<Record<string, string>>;

  constructor(private readonly opts: HttpClientOptions) {
    this.base = opts.target.replace(/\/+$/, '');
    this.headers = { ...opts.headers };
    this.jsonHeaders = { ...opts.headers, 'content-type': 'application/json' };
    this.agent = new Agent({
      ...(opts.connections === undefined ? {} : { connections: opts.connections }),
      ...(opts.keepAliveMs === undefined ? {} : { keepAliveTimeout: opts.keepAliveMs }),
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
      connectTimeout: opts.connectTimeoutMs ?? Math.min(opts.timeoutMs, 10_000),
      connect: tlsConnectOptions(opts.tls),
    });
  }

  /** `method` `path` (below the target); resolves when the whole answer is read, or with why there was none. */
  async send(method: HttpMethod, path: string, o: HttpSend = {}): Promise<HttpOutcome> {
    const t = performance.now();
    const timeout = AbortSignal.timeout(this.opts.timeoutMs);
    try {
      const res = await request(this.base + path, {
        method,
        dispatcher: this.agent,
        headers: this.headersFor(o),
        body: o.json !== undefined ? JSON.stringify(o.json) : (o.form ?? o.body),
        signal: o.signal ? AbortSignal.any([o.signal, timeout]) : timeout,
      });
      const text = await res.body.text();
      return { status: res.statusCode, text, ms: performance.now() - t };
    } catch (err) {
      const aborted = o.signal?.aborted === true;
      const code = aborted ? 'aborted' : timeout.aborted ? 'timeout' : errorCode(err);
      const message = code === 'timeout' ? `no answer within ${this.opts.timeoutMs} ms` : errorText(err);
      return { status: null, code, message, timedOut: !aborted && /^timeout$|TIMEOUT/.test(code), aborted, ms: performance.now() - t };
    }
  }

  /** The client's headers, with the request's own and a JSON content-type when the body is JSON. */
  private headersFor(o: HttpSend): Readonly<Record<string, string>> {
    if (o.headers) return { ...(o.json !== undefined ? this.jsonHeaders : this.headers), ...o.headers };
    return o.json !== undefined ? this.jsonHeaders : this.headers;
  }

  /** Close the kept-alive connections (requests in flight finish first). */
  async close(): Promise<void> {
    await this.agent.close();
  }
}

/**
 * The error code undici puts on its error or its cause (`ECONNREFUSED`, `UND_ERR_CONNECT_TIMEOUT`).
 * A request cut by a timeout signal rejects with a DOMException whose numeric legacy `code`
 * (23) means nothing to a reader: that is 'timeout' (and an abort, 'aborted').
 */
function errorCode(err: unknown): string {
  const e = err as { name?: string; code?: unknown; cause?: { name?: string; code?: unknown } };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return 'timeout';
  if (e?.name === 'AbortError' || e?.cause?.name === 'AbortError') return 'aborted';
  const code = e?.cause?.code ?? e?.code;
  return typeof code === 'string' ? code : '';
}

/** The most specific message: the cause's, else the error's. */
function errorText(err: unknown): string {
  const e = err as { message?: string; cause?: { message?: string } };
  return e?.cause?.message ?? e?.message ?? String(err);
}
