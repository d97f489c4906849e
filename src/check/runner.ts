/**
 * Runs checks one after another, each in its own context with its own timeout, so one broken
 * answer fails one row and the rest still run. Cleanup (sockets closed, sessions deleted) runs
 * after every check, whatever happened. Never throws for anything the target does.
 */
import { CheckContext, type CheckEnv } from './context.js';
import { CheckFailure, NOT_SELECTED, type CheckDef, type CheckRow } from './types.js';

export interface RunChecksOptions {
  /** Names to run; the others are reported as skipped. */
  selected: ReadonlySet<string>;
  checkTimeoutMs: number;
  signal?: AbortSignal;
  onProgress?: (text: string) => void;
}

export interface ChecksOutcome {
  rows: CheckRow[];
  /** Sessions a check could not delete, and the like. */
  warnings: string[];
  interrupted: boolean;
}

/** How long a check that lost its race may take to notice the abort before cleanup starts anyway. */
const SETTLE_MS = 2000;

function settleWithin(p: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    p.finally(() => {
      clearTimeout(t);
      resolve();
    }).catch(() => {});
  });
}

/** Run `def.run` until it settles or `signal` fires, whichever is first. */
function raceAbort(work: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function runOne(def: CheckDef, env: CheckEnv, o: RunChecksOptions): Promise<{ row: CheckRow; warnings: string[] }> {
  const timeout = AbortSignal.timeout(o.checkTimeoutMs);
  const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
  const ctx = new CheckContext(env, signal);
  const t = performance.now();
  const work = def.run(ctx);
  let row: Omit<CheckRow, 'ms'>;
  try {
    await raceAbort(work, signal);
    row = { name: def.name, result: 'pass' };
  } catch (err) {
    await settleWithin(work, SETTLE_MS);
    row = failedRow(def.name, err, o);
  }
  const warnings = await ctx.cleanup();
  return { row: { ...row, ms: Math.round(performance.now() - t) }, warnings };
}

function failedRow(name: string, err: unknown, o: RunChecksOptions): Omit<CheckRow, 'ms'> {
  if (o.signal?.aborted) return { name, result: 'skip', got: 'interrupted' };
  if (err instanceof CheckFailure) return { name, result: 'fail', expected: err.expected, got: err.got };
  if ((err as Error)?.name === 'TimeoutError') {
    return { name, result: 'fail', expected: `the check to finish within ${o.checkTimeoutMs} ms`, got: 'it was still waiting' };
  }
  return { name, result: 'fail', expected: 'the check to run', got: `pipebench error: ${(err as Error)?.message ?? String(err)}` };
}

/** Run the selected checks of `all` in order; the unselected ones come back as skipped rows. */
export async function runChecks(all: readonly CheckDef[], env: CheckEnv, o: RunChecksOptions): Promise<ChecksOutcome> {
  const rows: CheckRow[] = [];
  const warnings: string[] = [];
  const total = all.filter((d) => o.selected.has(d.name)).length;
  let done = 0;
  for (const def of all) {
    if (!o.selected.has(def.name)) {
      rows.push({ name: def.name, result: 'skip', ms: 0, got: NOT_SELECTED });
    } else if (o.signal?.aborted) {
      rows.push({ name: def.name, result: 'skip', ms: 0, got: 'interrupted' });
    } else {
      o.onProgress?.(`check ${++done}/${total}: ${def.name}`);
      const r = await runOne(def, env, o);
      rows.push(r.row);
      warnings.push(...r.warnings.map((w) => `${def.name}: ${w}`));
    }
  }
  return { rows, warnings, interrupted: o.signal?.aborted ?? false };
}
