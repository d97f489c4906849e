/**
 * The target of a run: the given URL, or pipebench's reference server started as a child for
 * the run and stopped after it (whatever happened).
 */
import { startEmbeddedServer } from '../server/embedded.js';
import type { TargetInfo } from './spec.js';

/** The embedded reference server could not be started (or the start was interrupted). */
export class TargetError extends Error {
  constructor(message: string, readonly interrupted: boolean) {
    super(message);
    this.name = 'TargetError';
  }
}

export async function onTarget<T>(url: string | null, signal: AbortSignal, announce: (text: string) => void, fn: (t: TargetInfo) => Promise<T>): Promise<T> {
  if (url !== null) return fn({ url, embedded: false });
  announce('no --target given; starting the embedded reference server');
  let server: Awaited<ReturnType<typeof startEmbeddedServer>>;
  try {
    server = await startEmbeddedServer({ signal });
  } catch (err) {
    throw new TargetError(`the embedded reference server did not start: ${(err as Error).message}`, signal.aborted);
  }
  try {
    return await fn({ url: server.url, embedded: true });
  } finally {
    await server.stop();
  }
}
