/**
 * The one module that imports `undici`: a keep-alive Agent per run (close it at the end, or the
 * process lingers), `request`, and FormData for multipart bodies; plus how its errors read.
 */
import { Agent, FormData, request } from 'undici';

export { Agent, FormData, request };

/** The error code undici puts on its error or its cause (`ECONNREFUSED`, `UND_ERR_CONNECT_TIMEOUT`). */
export function errorCode(err: unknown): string {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.cause?.code ?? e?.code ?? '';
}

/** The most specific message: the cause's, else the error's. */
export function errorText(err: unknown): string {
  const e = err as { message?: string; cause?: { message?: string } };
  return e?.cause?.message ?? e?.message ?? String(err);
}
