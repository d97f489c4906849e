/**
 * The HTTP client of `batch`: one undici Agent per run, one POST per call, the reply read to its
 * end and classified. Errors are outcomes, never exceptions (ARCHITECTURE principle 6).
 */
import { Agent, errorCode, errorText, request } from '../net/http.js';
import { tlsConnectOptions, type TlsClientOptions } from '../load/tls.js';
import type { BatchRequest } from './body.js';

/** How one request ended. `status` is null when no response came. */
export interface Outcome {
  status: number | null;
  ok: boolean;
  /** The error kind for counts (`HTTP 500`, `success: false`, `timeout`, `ECONNRESET`); null when ok. */
  kind: string | null;
  message: string;
  /** The user aborted the run while this request was in flight: not a measurement. */
  aborted: boolean;
}

export interface ClientOptions {
  target: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Parallel connections; requests beyond them queue inside the client (and that wait is measured). */
  connections: number;
  /** Certificate checks for an https:// target (verified by default). */
  tls?: TlsClientOptions;
}

/** `"success": false` anywhere at the top level; base64 audio in the body cannot contain a quote. */
const SUCCESS_FALSE = /"success"\s*:\s*false/;

export class BatchClient {
  private readonly agent: Agent;
  private readonly base: string;

  constructor(private readonly opts: ClientOptions) {
    this.base = opts.target.replace(/\/+$/, '');
    this.agent = new Agent({ connections: opts.connections, headersTimeout: opts.timeoutMs, bodyTimeout: opts.timeoutMs, connect: tlsConnectOptions(opts.tls) });
  }

  /** Send `req`; resolves when the whole reply is read (or the request failed). Never throws. */
  async send(req: BatchRequest, abort: AbortSignal): Promise<Outcome> {
    const signal = AbortSignal.any([abort, AbortSignal.timeout(this.opts.timeoutMs)]);
    try {
      const res = await request(this.base + req.path, {
        method: 'POST',
        dispatcher: this.agent,
        headers: { ...this.opts.headers, 'content-type': req.contentType },
        body: req.body,
        signal,
      });
      const text = await res.body.text();
      return classify(res.statusCode, text);
    } catch (err) {
      if (abort.aborted) return { status: null, ok: false, kind: 'aborted', message: 'run interrupted', aborted: true };
      return failure(err, signal.aborted);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/** A reply → outcome: 2xx is a success unless the body says `"success": false`. */
export function classify(status: number, text: string): Outcome {
  if (status >= 200 && status < 300) {
    if (!SUCCESS_FALSE.test(text)) return { status, ok: true, kind: null, message: '', aborted: false };
    return { status, ok: false, kind: 'success: false', message: detail(text), aborted: false };
  }
  return { status, ok: false, kind: `HTTP ${status}`, message: detail(text), aborted: false };
}

function failure(err: unknown, timedOut: boolean): Outcome {
  const code = errorCode(err);
  const timeout = timedOut || /TIMEOUT/.test(code);
  const kind = timeout ? 'timeout' : code || 'network error';
  return { status: null, ok: false, kind, message: errorText(err), aborted: false };
}

/** The server's reason: FastAPI's `detail`, the batch reply's `errors`, or the start of the body. */
function detail(text: string): string {
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    const d = v?.detail ?? v?.errors ?? v?.error;
    if (d !== undefined && d !== null) return (typeof d === 'string' ? d : JSON.stringify(d)).slice(0, 300);
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 300);
}
