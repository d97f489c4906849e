/** HTTP side of the protocol (section 1), over one undici Agent per run. */
import { Agent, errorCode as errCode, errorText as errText, request } from '../net/http.js';
import { tlsConnectOptions, tlsProblem, type TlsClientOptions } from './tls.js';

export interface ApiOptions {
  /** Base URL, e.g. http://127.0.0.1:3000 (a path prefix is kept). */
  target: string;
  headers: Record<string, string>;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Parallel HTTP connections to the target (creates queue behind these). */
  connections?: number;
  /** Certificate checks for https:// targets (verified by default). */
  tls?: TlsClientOptions;
  /** Told each session id as it is created and once it is deleted (a worker's main thread keeps the list). */
  ledger?: SessionLedger;
}

/** Who else must know which sessions exist on the server (to delete them if their owner dies). */
export interface SessionLedger {
  created(sessionId: string): void;
  deleted(sessionId: string): void;
}

export type CreateResult =
  | { ok: true; sessionId: string; ms: number }
  | { ok: false; kind: string; message: string; ms: number; unreachable: boolean };

export interface HealthResult {
  ok: boolean;
  status: number | null;
  message: string;
  unreachable: boolean;
}

/** Errors that mean nothing answers at the target at all. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

export class Api {
  private readonly agent: Agent;
  private readonly base: string;

  constructor(private readonly opts: ApiOptions) {
    this.base = opts.target.replace(/\/+$/, '');
    this.agent = new Agent({
      connections: opts.connections ?? 32,
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
      connectTimeout: Math.min(opts.timeoutMs, 10_000),
      connect: tlsConnectOptions(opts.tls),
    });
  }

  private async call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) {
    const res = await request(this.base + path, {
      method,
      dispatcher: this.agent,
      headers: { ...this.opts.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.opts.timeoutMs),
    });
    const text = await res.body.text();
    return { status: res.statusCode, text };
  }

  /** POST /api/pipeline/realtime/start. Never throws. */
  async createSession(payload: unknown): Promise<CreateResult> {
    const t = performance.now();
    try {
      const { status, text } = await this.call('POST', '/api/pipeline/realtime/start', payload);
      const ms = performance.now() - t;
      if (status !== 200) {
        return { ok: false, kind: `create failed: HTTP ${status}`, message: detail(text), ms, unreachable: false };
      }
      const id = safeJson(text)?.session_id;
      if (typeof id !== 'string' || id === '') {
        return { ok: false, kind: 'create failed: no session_id', message: text.slice(0, 200), ms, unreachable: false };
      }
      this.opts.ledger?.created(id);
      return { ok: true, sessionId: id, ms };
    } catch (err) {
      const code = errCode(err);
      const tls = tlsProblem(code, errText(err));
      return {
        ok: false,
        kind: `create failed: ${tls ? 'TLS' : code || 'network error'}`,
        message: tls ?? errText(err, this.opts.timeoutMs),
        ms: performance.now() - t,
        unreachable: tls !== null || UNREACHABLE.has(code),
      };
    }
  }

  /** DELETE /api/pipeline/realtime/{id}; true when the server no longer has it (200 or 404). */
  async deleteSession(sessionId: string): Promise<{ ok: boolean; message: string }> {
    try {
      const { status, text } = await this.call('DELETE', `/api/pipeline/realtime/${encodeURIComponent(sessionId)}`);
      if (status === 200 || status === 404) this.opts.ledger?.deleted(sessionId);
      return { ok: status === 200 || status === 404, message: `HTTP ${status}: ${detail(text)}` };
    } catch (err) {
      return { ok: false, message: errText(err, this.opts.timeoutMs) };
    }
  }

  /** GET /api/health. A failure is a warning for the caller, unless nothing answers at all. */
  async health(): Promise<HealthResult> {
    try {
      const { status, text } = await this.call('GET', '/api/health');
      return { ok: status === 200, status, message: status === 200 ? 'healthy' : `HTTP ${status}: ${detail(text)}`, unreachable: false };
    } catch (err) {
      const code = errCode(err);
      const tls = tlsProblem(code, errText(err));
      return { ok: false, status: null, message: tls ?? errText(err, this.opts.timeoutMs), unreachable: tls !== null || UNREACHABLE.has(code) };
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** FastAPI puts its message in `detail`; fall back to the start of the body. */
function detail(text: string): string {
  const d = safeJson(text)?.detail;
  if (typeof d === 'string') return d;
  if (d !== undefined) return JSON.stringify(d).slice(0, 200);
  return text.slice(0, 200);
}

/** ws:// or wss:// URL of a session's socket, derived from the HTTP target. */
export function sessionSocketUrl(target: string, sessionId: string): string {
  const u = new URL(target);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/api/pipeline/realtime/${encodeURIComponent(sessionId)}`;
  u.search = '';
  return u.toString();
}
