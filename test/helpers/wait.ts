/** Waiting for a condition instead of sleeping for a guessed time. */

/** Resolves once `cond()` holds; rejects naming `what` after `timeoutMs`. Polls every 10 ms. */
export async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Abort `ac` once `cond()` is true (the run reached the point the test interrupts at). */
export function abortWhen(ac: AbortController, cond: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  return until(cond, timeoutMs, what).then(() => ac.abort());
}
