/**
 * The generator's heap, set by the CLI before a run (the library API leaves its host's flags alone;
 * README "Benchmarks" says what to pass node instead). Two V8 behaviours decide a load generator's
 * tail and memory, both measured in README "Benchmarks":
 *
 * - Growth factor. V8 sizes the old generation's next limit from how fast the old generation grows,
 *   but counts every byte of ArrayBuffer memory allocated since the last full GC against that limit.
 *   A generator promotes almost nothing and churns through 40-90 MB/s of socket and frame buffers,
 *   so V8 settles on its smallest factor (1.2) and the churn alone starts a mark-compact about every
 *   200 ms, 5-9 ms of the loop each. A fixed factor of 4 keeps the limit clear of the churn.
 * - Young generation. Dead frame buffers wait for the next scavenge, so how much of them piles up
 *   grows with the young generation: V8 grows it to 16 MB semispaces (32 MB on Node 24) while
 *   sessions are set up, and the buffers waiting for each scavenge then cost 30-40 MB of RSS and, on
 *   Node 24, push V8 into mark-compacts for "external memory pressure". During a run it stays at
 *   the size it has when the run starts (4 MB semispaces on Node 20 and 24 once pipebench is
 *   loaded); worker threads, whose isolates are created later, start at that size.
 *
 * A flag given to node, on its command line or in NODE_OPTIONS, is kept, and so is every flag that
 * depends on it.
 */
import { setFlagsFromString } from 'node:v8';

export interface RunHeapFlag {
  flag: string;
  value: number;
  /** Left alone when node was given any of these. */
  unless: readonly string[];
}

const YOUNG = ['semi-space-growth-factor', 'max-semi-space-size', 'min-semi-space-size'];

export const RUN_HEAP_FLAGS: readonly RunHeapFlag[] = [
  { flag: 'heap-growing-percent', value: 300, unless: ['heap-growing-percent'] },
  { flag: 'semi-space-growth-factor', value: 1, unless: YOUNG },
  { flag: 'min-semi-space-size', value: 4, unless: YOUNG },
];

/** The flags of `RUN_HEAP_FLAGS` to set, given node's own command line and NODE_OPTIONS. */
export function heapFlagsToSet(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].map((a) => a.replace(/_/g, '-'));
  const was = (flag: string) => given.some((a) => a === `--${flag}` || a.startsWith(`--${flag}=`));
  return RUN_HEAP_FLAGS.filter((f) => !f.unless.some(was)).map((f) => `--${f.flag}=${f.value}`);
}

let done = false;

/** Set the run's heap flags for this process, once. */
export function steadyHeapGrowth(): void {
  if (done) return;
  done = true;
  for (const f of heapFlagsToSet(process.execArgv, process.env.NODE_OPTIONS)) setFlagsFromString(f);
}
