/**
 * HTTP for the checks: any method and path, JSON or multipart bodies, the status and body kept
 * as they came (a check judges them; this file never does). One undici Agent per run.
 */
import { Agent, errorCode, errorText, FormData, request } from '../net/http.js';
import { tlsConnectOptions, type TlsClientOptions } from '../load/tls.js';
import { CheckFailure } from './types.js';

/** An answer: status, raw text and the parsed JSON (undefined when the body is not JSON). */
export interface HttpReply {
  status: number;
  text: string;
  json: unknown;
  ms: number;
}

type Body = { json: unknown } | { form: FormData } | undefined;

export class CheckHttp {
  private readonly agent: Agent;
  private readonly base: string;

  constructor(
    target: string,
    private readonly headers: Record<string, string>,
    private readonly timeoutMs: number,
    tls?: TlsClientOptions,
  ) {
    this.base = target.replace(/\/+$/, '');
    this.agent = new Agent({ headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connectTimeout: timeoutMs, connect: tlsConnectOptions(tls) });
  }

  get(path: string, signal?: AbortSignal): Promise<HttpReply> {
    return this.call('GET', path, undefined, signal);
  }

  delete(path: string, signal?: AbortSignal): Promise<HttpReply> {
    return this.call('DELETE', path, undefined, signal);
  }

  postJson(path: string, json: unknown, signal?: AbortSignal): Promise<HttpReply> {
    return this.call('POST', path, { json }, signal);
  }

  postForm(path: string, form: FormData, signal?: AbortSignal): Promise<HttpReply> {
    return this.call('POST', path, { form }, signal);
  }

  /** Any answer resolves; no answer at all throws a CheckFailure naming the request. */
  private async call(method: 'GET' | 'POST' | 'DELETE', path: string, body: Body, signal?: AbortSignal): Promise<HttpReply> {
    const t = performance.now();
    const headers: Record<string, string> = { ...this.headers };
    if (body && 'json' in body) headers['content-type'] = 'application/json';
    const timeout = AbortSignal.timeout(this.timeoutMs);
    try {
      const res = await request(this.base + path, {
        method,
        dispatcher: this.agent,
        headers,
        body: body === undefined ? undefined : 'json' in body ? JSON.stringify(body.json) : body.form,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      const text = await res.body.text();
      return { status: res.statusCode, text, json: parseJson(text), ms: performance.now() - t };
    } catch (err) {
      const why = errorCode(err);
      const message = errorText(err);
      throw new CheckFailure(`an HTTP answer to ${method} ${path}`, `${why ? `${why}: ` : ''}${message}`);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The FastAPI `detail` of an error body, or the start of the body. */
export function detailOf(r: HttpReply): string {
  const d = (r.json as { detail?: unknown } | undefined)?.detail;
  if (typeof d === 'string') return d;
  return (d === undefined ? r.text : JSON.stringify(d)).slice(0, 160);
}

/** `HTTP 500 "Failed to start session: ..."`: how a failed answer reads in a report. */
export function describeReply(r: HttpReply): string {
  const detail = detailOf(r);
  return detail ? `HTTP ${r.status} ${JSON.stringify(detail)}` : `HTTP ${r.status}`;
}
