/** Small HTTP helpers shared by the route modules: errors with a status, JSON replies. */
import type { ServerResponse } from 'node:http';
import type { DspConfigError } from '../dsp/index.js';
import { dspErrorText } from './dsp-error.js';

/** A client-facing failure: answered as `{"detail": message}` with `status`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** 422 naming the bad field, the FastAPI status for a body that parses but does not validate. */
export function unprocessable(field: string, problem: string): HttpError {
  return new HttpError(422, `${field}: ${problem}`);
}

/** A DspConfigError as a 422; `prefix` places its field in the request (see dspErrorText). */
export function fromDspError(err: DspConfigError, prefix?: string): HttpError {
  return new HttpError(422, dspErrorText(err, prefix));
}

/** Send `body` (an object, or an already serialised JSON string) with `status`. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** ISO timestamp, as the original server's `datetime.utcnow().isoformat()`-style fields. */
export function isoNow(): string {
  return new Date().toISOString();
}

/** True for a plain JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
