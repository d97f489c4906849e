/**
 * The generator's heap growth. V8 sizes the old generation's next limit from how fast the old
 * generation grows, but counts every byte of ArrayBuffer memory allocated since the last full GC
 * against that limit. A load generator promotes almost nothing and churns through tens of MB/s of
 * socket and frame buffers, so V8 settles on its smallest growth factor (1.2) and the buffer churn
 * alone starts a full mark-compact about every 200 ms, each stalling the schedule for 5-9 ms
 * (measured at 500 sessions: 10-36 mark-compacts per 10 s, send lag p99 ~10 ms, against 0 and
 * ~3 ms with a fixed factor). A fixed factor of 4, what V8 picks for a heap that is growing, keeps
 * the limit clear of the churn; the buffers still die in the young-generation collections.
 *
 * Set once per process by the CLI before a run (the library API leaves its host's flags alone; README
 * "Benchmarks" says what to pass node instead); a `--heap-growing-percent` given to node is kept.
 */
import { setFlagsFromString } from 'node:v8';

const FLAG = 'heap-growing-percent';
export const LOAD_HEAP_GROWING_PERCENT = 300;

let done = false;

/** True when node was started with its own `--heap-growing-percent` (on the command line or in NODE_OPTIONS). */
export function heapGrowthGiven(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  const given = (s: string) => s.replace(/_/g, '-').includes(`--${FLAG}`);
  return execArgv.some(given) || given(nodeOptions ?? '');
}

/** Fix V8's heap growth factor for this process, unless node was given one. */
export function steadyHeapGrowth(): void {
  if (done) return;
  done = true;
  if (heapGrowthGiven(process.execArgv, process.env.NODE_OPTIONS)) return;
  setFlagsFromString(`--${FLAG}=${LOAD_HEAP_GROWING_PERCENT}`);
}
