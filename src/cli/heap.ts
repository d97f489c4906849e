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
 * - Young generation (V8 12 and later: Node 22, 24). Dead frame buffers wait for the next scavenge,
 *   so how much of them piles up grows with the young generation. V8 12+ grows it to 32 MB
 *   semispaces while sessions are set up; the buffers waiting for each scavenge then cost ~60 MB of
 *   RSS and push V8 into mark-compacts for "external memory pressure" (Node 24, 1000 sessions: 7-8
 *   per 10 s, send lag p99 7-8 ms). There, during a run, it keeps the size it has when the run starts
 *   (4 MB semispaces once pipebench is loaded; worker threads' isolates start at that size): 3
 *   mark-compacts, 5.7 ms, 1.21x the bare loop's RSS instead of 1.53x. On V8 11 (Node 20), whose
 *   semispaces stop at 16 MB, holding them at 4 MB cut RSS by 10 % but cost 5-15 % more CPU per
 *   chunk and a higher send lag, so it is left to V8.
 *
 * A flag given to node, on its command line or in NODE_OPTIONS, is kept, and so is every flag that
 * depends on it.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface RunHeapFlag {
  flag: string;
  value: number;
  /** Left alone when node was given any of these. */
  unless: readonly string[];
  /** Set only from this V8 major version on. */
  fromV8?: number;
}

const YOUNG = ['semi-space-growth-factor', 'max-semi-space-size', 'min-semi-space-size'];

export const RUN_HEAP_FLAGS: readonly RunHeapFlag[] = [
  { flag: 'heap-growing-percent', value: 300, unless: ['heap-growing-percent'] },
  { flag: 'semi-space-growth-factor', value: 1, unless: YOUNG, fromV8: 12 },
  { flag: 'min-semi-space-size', value: 4, unless: YOUNG, fromV8: 12 },
];

/** The flags of `RUN_HEAP_FLAGS` to set on V8 `v8Major`, given node's own command line and NODE_OPTIONS. */
export function heapFlagsToSet(execArgv: readonly string[], nodeOptions: string | undefined, v8Major: number): string[] {
  const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].map((a) => a.replace(/_/g, '-'));
  const was = (flag: string) => given.some((a) => a === `--${flag}` || a.startsWith(`--${flag}=`));
  return RUN_HEAP_FLAGS.filter((f) => v8Major >= (f.fromV8 ?? 0) && !f.unless.some(was)).map((f) => `--${f.flag}=${f.value}`);
}

let done = false;

/** Set the run's heap flags for this process, once, and expose `gc` (see exposeGc). */
export function setRunHeapFlags(): void {
  if (done) return;
  done = true;
  const v8Major = Number.parseInt(process.versions.v8, 10);
  for (const f of heapFlagsToSet(process.execArgv, process.env.NODE_OPTIONS, v8Major)) setFlagsFromString(f);
  exposeGc();
}

/**
 * Give the run a `globalThis.gc`, as `node --expose-gc` does, so load/run.ts can collect once when
 * every session is set up, before the clock starts. Setting up sessions leaves the old generation
 * near V8's limit, and without this the mark-compact fell in the stream's first second (1000
 * sessions: chunk RTT p95 27-60 ms in that second, send lag p99 8-16 ms over the run). A context
 * made after the flag has `gc`; worker threads' contexts too.
 */
function exposeGc(): void {
  const g = globalThis as { gc?: () => void };
  if (typeof g.gc === 'function') return;
  setFlagsFromString('--expose-gc');
  g.gc = runInNewContext('gc') as () => void;
}
