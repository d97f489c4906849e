/**
 * The one module that imports `undici`: a keep-alive Agent per run (close it at the end, or the
 * process lingers), `request`, and FormData for multipart bodies; plus how its errors read.
 */
import { Agent, FormData, request } from 'undici';

export { Agent, FormData, request };

/**
 * The error code undici puts on its error or its cause (`ECONNREFUSED`, `UND_ERR_CONNECT_TIMEOUT`).
 * A request cut by its timeout signal rejects with a DOMException whose numeric legacy `code`
 * (23) means nothing to a reader: that is 'timeout' (and an abort, 'aborted').
 */
export function errorCode(err: unknown): string {
  const e = err as { name?: string; code?: unknown; cause?: { name?: string; code?: unknown } };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return 'timeout';
  if (e?.name === 'AbortError' || e?.cause?.name === 'AbortError') return 'aborted';
  const code = e?.cause?.code ?? e?.code;
  return typeof code === 'string' ? code : '';
}

/** The most specific message: the cause's, else the error's; a timeout says how long it waited. */
export function errorText(err: unknown, timeoutMs?: number): string {
  if (timeoutMs !== undefined && errorCode(err) === 'timeout') return `no answer within ${timeoutMs} ms`;
  const e = err as { message?: string; cause?: { message?: string } };
  return e?.cause?.message ?? e?.message ?? String(err);
}
