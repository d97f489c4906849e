/**
 * The sessions a worker thread left on the server when it died: the main thread was told each id
 * as it was created (and each delete that succeeded), and deletes the rest itself.
 */
import { Api } from '../load/api.js';
import type { Scenario } from '../scenario.js';

/** Delete `ids` on `target`; one line for the report saying what was done. Never throws. */
export async function deleteLeftovers(s: Scenario, target: string, ids: ReadonlySet<string>): Promise<string> {
  if (ids.size === 0) return 'it had no session left on the server';
  const api = new Api({ target, headers: { ...s.headers }, timeoutMs: s.connectTimeoutMs, tls: s.tls ?? undefined });
  try {
    const results = await Promise.all([...ids].map((id) => api.deleteSession(id)));
    const failed = results.filter((r) => !r.ok);
    const n = (k: number) => `${k} session${k === 1 ? '' : 's'}`;
    if (failed.length === 0) return `the main thread deleted its ${n(ids.size)}`;
    return `the main thread deleted ${ids.size - failed.length} of its ${n(ids.size)}; ${n(failed.length)} could not be deleted (${failed[0].message}) and stay on the server until it removes them`;
  } catch (err) {
    return `its ${ids.size} sessions could not be deleted (${(err as Error).message}) and stay on the server until it removes them`;
  } finally {
    await api.close().catch(() => {});
  }
}
