/**
 * How one `batch` request ended, from the one HTTP client's answer (net/http.ts): classified for
 * counts and thresholds. Errors are outcomes, never exceptions (ARCHITECTURE principle 6).
 */
import type { HttpOutcome } from '../net/http.js';

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

/** `"success": false` anywhere at the top level; base64 audio in the body cannot contain a quote. */
const SUCCESS_FALSE = /"success"\s*:\s*false/;

/** The client's answer, or why there was none, as an outcome. */
export function outcomeOf(r: HttpOutcome): Outcome {
  if (r.status !== null) return classify(r.status, r.text);
  if (r.aborted) return { status: null, ok: false, kind: 'aborted', message: 'run interrupted', aborted: true };
  return { status: null, ok: false, kind: r.timedOut ? 'timeout' : r.code || 'network error', message: r.message, aborted: false };
}

/** A reply → outcome: 2xx is a success unless the body says `"success": false`. */
export function classify(status: number, text: string): Outcome {
  if (status >= 200 && status < 300) {
    if (!SUCCESS_FALSE.test(text)) return { status, ok: true, kind: null, message: '', aborted: false };
    return { status, ok: false, kind: 'success: false', message: detail(text), aborted: false };
  }
  return { status, ok: false, kind: `HTTP ${status}`, message: detail(text), aborted: false };
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
