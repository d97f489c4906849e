/**
 * HTTP for the checks, over the one client (net/http.ts): any method and path, JSON or multipart
 * bodies, the status and body kept as they came (a check judges them; this file never does).
 */
import type { HttpClient, HttpMethod, HttpSend } from '../net/http.js';
import { CheckFailure } from './types.js';

/** An answer: status, raw text and the parsed JSON (undefined when the body is not JSON). */
export interface HttpReply {
  status: number;
  text: string;
  json: unknown;
  ms: number;
}

/** The answer to `method path`, whatever its status; no answer at all throws a CheckFailure naming the request. */
export async function ask(http: HttpClient, method: HttpMethod, path: string, send?: HttpSend): Promise<HttpReply> {
  const r = await http.send(method, path, send);
  if (r.status === null) throw new CheckFailure(`an HTTP answer to ${method} ${path}`, `${r.code ? `${r.code}: ` : ''}${r.message}`);
  return { status: r.status, text: r.text, json: parseJson(r.text), ms: r.ms };
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
