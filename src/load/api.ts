/**
 * The session API of the protocol (section 1: create, delete, health) over the one HTTP client
 * (net/http.ts), with its keep-alive pool of `connections`. Never throws: a failure is a result.
 */
import { HttpClient, type HttpFailure } from '../net/http.js';
import { tlsProblem, type TlsClientOptions } from './tls.js';

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
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'connect timeout']);

const REALTIME = '/api/pipeline/realtime';

/** A request that got no answer: a TLS refusal told as what to do, and whether nothing answers at all. */
function noAnswer(f: HttpFailure): { message: string; unreachable: boolean; tls: boolean } {
  const tls = tlsProblem(f.code, f.message);
  return { message: tls ?? f.message, unreachable: tls !== null || UNREACHABLE.has(f.code), tls: tls !== null };
}

export class Api {
  private readonly http: HttpClient;
  private readonly ledger: SessionLedger | undefined;

  constructor({ ledger, ...opts }: ApiOptions) {
    this.http = new HttpClient({ ...opts, connections: opts.connections ?? 32 });
    this.ledger = ledger;
  }

  /** POST /api/pipeline/realtime/start. Never throws. */
  async createSession(payload: unknown): Promise<CreateResult> {
    const r = await this.http.send('POST', `${REALTIME}/start`, { json: payload });
    if (r.status === null) {
      const why = noAnswer(r);
      return { ok: false, kind: `create failed: ${why.tls ? 'TLS' : r.code || 'network error'}`, message: why.message, ms: r.ms, unreachable: why.unreachable };
    }
    if (r.status !== 200) return { ok: false, kind: `create failed: HTTP ${r.status}`, message: detail(r.text), ms: r.ms, unreachable: false };
    const id = safeJson(r.text)?.session_id;
    if (typeof id !== 'string' || id === '') {
      return { ok: false, kind: 'create failed: no session_id', message: r.text.slice(0, 200), ms: r.ms, unreachable: false };
    }
    this.ledger?.created(id);
    return { ok: true, sessionId: id, ms: r.ms };
  }

  /** DELETE /api/pipeline/realtime/{id}; true when the server no longer has it (200 or 404). */
  async deleteSession(sessionId: string): Promise<{ ok: boolean; message: string }> {
    const r = await this.http.send('DELETE', `${REALTIME}/${encodeURIComponent(sessionId)}`);
    if (r.status === null) return { ok: false, message: r.message };
    const gone = r.status === 200 || r.status === 404;
    if (gone) this.ledger?.deleted(sessionId);
    return { ok: gone, message: `HTTP ${r.status}: ${detail(r.text)}` };
  }

  /** GET /api/health. A failure is a warning for the caller, unless nothing answers at all. */
  async health(): Promise<HealthResult> {
    const r = await this.http.send('GET', '/api/health');
    if (r.status === null) {
      const { message, unreachable } = noAnswer(r);
      return { ok: false, status: null, message, unreachable };
    }
    return { ok: r.status === 200, status: r.status, message: r.status === 200 ? 'healthy' : `HTTP ${r.status}: ${detail(r.text)}`, unreachable: false };
  }

  async close(): Promise<void> {
    await this.http.close();
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

let socketBase: { target: string; base: string } | undefined;

/** ws:// or wss:// URL of a session's socket, derived from the HTTP target (parsed once per target, not per session). */
export function sessionSocketUrl(target: string, sessionId: string): string {
  if (socketBase?.target !== target) {
    const u = new URL(target);
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    u.pathname = `${u.pathname.replace(/\/+$/, '')}${REALTIME}/`;
    u.search = '';
    u.hash = '';
    socketBase = { target, base: u.toString() };
  }
  // encodeURIComponent leaves nothing a URL's path would encode further.
  return socketBase.base + encodeURIComponent(sessionId);
}
