/** What the virtual users of a run share, and the small rules of one session's life. */
import type { Api } from './api.js';
import type { LoadSink } from './sink.js';
import type { RunPlan } from './plan.js';
import type { Pending } from './fifo.js';

/** What every virtual user of a run shares: the frozen plan (by reference) and the run's tools. */
export interface SessionContext {
  readonly plan: RunPlan;
  readonly api: Api;
  readonly sink: LoadSink;
  /** The measured window, set when the clock starts. */
  readonly window: { measureStartMs: number; endMs: number };
  readonly now: () => number;
}

/**
 * A socket that stayed open this long proved healthy: the reconnect backoff starts over after it.
 * One that drops sooner keeps the backoff growing (100 ms doubling to 2 s), so a server that drops
 * every socket right after it opens is not hammered.
 */
export const HEALTHY_SOCKET_MS = 1000;

/** Why a request ended without its success reply. */
export interface Failure {
  /** Error reply from the server (chunk: failed) or lost (timeout, drop, run end). */
  reply: boolean;
  kind: string;
  message: string;
}

/**
 * A socket's chunks_processed counter: each metrics reply should raise it by exactly one. A jump
 * means the server processed chunks it never answered; anything else off by one is an anomaly.
 */
export class ProcessedCounter {
  /** The counter before the last `observe` (for messages). */
  previous: number | null = null;
  private last: number | null = null;

  /** -1 when in step (or the counter is unknown); else the chunks skipped (0 for a repeat or a fall). */
  observe(counter: number | null): number {
    if (counter === null) return -1;
    const last = this.last;
    this.previous = last;
    this.last = counter;
    if (last === null || counter === last + 1) return -1;
    return Math.max(0, counter - last - 1);
  }

  /** A new socket counts from its own first reply. */
  reset(): void {
    this.last = null;
  }
}

/** A request ended without success: an error reply (chunk failed) or never answered (lost). */
export function reportFailure(sink: LoadSink, index: number, p: Pending, now: number, f: Failure): void {
  if (p.kind !== 'chunk') sink.requestDone(p.kind, p.due, now, f);
  else if (f.reply) sink.chunkFailed(index, p.seq, p.due, f.kind, f.message);
  else sink.chunkLost(index, p.seq, p.due, f.kind, f.message);
}
