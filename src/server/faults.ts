/**
 * Fault injection for the reference server: seeded dice and the timing of held-back replies.
 * Pure apart from the clock value passed in, so the rules can be reasoned about (and tested) alone.
 */
import type { ServerOptions } from './options.js';

/** A uniform [0, 1) generator. */
export type Rng = () => number;

/** mulberry32: tiny, fast and good enough to make fault runs reproducible from `--seed`. */
export function createRng(seed: number | undefined): Rng {
  if (seed === undefined) return Math.random;
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The faults in force for one server. Each connection gets its own dice (seeded from the server
 * seed and the connection's ordinal) so one busy socket does not change another's outcomes.
 */
export class FaultPlan {
  /** True when replies may have to wait (delay, jitter or stalls): connections then queue them. */
  readonly holdsReplies: boolean;
  private readonly createRng: Rng;
  private connections = 0;

  constructor(
    private readonly o: ServerOptions,
    /** Clock value (performance.now()) that stall windows count from. */
    private readonly startedAtMs: number,
  ) {
    this.holdsReplies = o.delayMs > 0 || o.jitterMs > 0 || o.stallEveryMs > 0;
    this.createRng = createRng(o.seed);
  }

  /** Dice for a new connection. */
  connectionRng(): Rng {
    this.connections += 1;
    return createRng(this.o.seed === undefined ? undefined : this.o.seed + this.connections * 7919);
  }

  /** Should this session create fail with an injected 500? */
  failCreate(): boolean {
    return this.o.failCreateRate > 0 && this.createRng() < this.o.failCreateRate;
  }

  /** Should this chunk be answered with an injected error? */
  failChunk(rng: Rng): boolean {
    return this.o.errorRate > 0 && rng() < this.o.errorRate;
  }

  /** Does the socket have to be dropped after its `chunksOnSocket`-th chunk? */
  dropsAfter(chunksOnSocket: number): boolean {
    return this.o.dropAfter > 0 && chunksOnSocket >= this.o.dropAfter;
  }

  /** When a reply produced at `nowMs` may leave: after delay and jitter, and never inside a stall. */
  releaseAt(nowMs: number, rng: Rng): number {
    let t = nowMs + this.o.delayMs;
    if (this.o.jitterMs > 0) t += rng() * this.o.jitterMs;
    return this.stallEnd(t);
  }

  /**
   * Stall windows are [start + k*every, start + k*every + for) for k >= 1, fixed on the server's
   * clock so every connection stalls together, like a server whose event loop is blocked.
   */
  stallEnd(t: number): number {
    const { stallEveryMs: every, stallForMs: stall } = this.o;
    if (every <= 0) return t;
    const rel = t - this.startedAtMs;
    if (rel < every) return t;
    const phase = rel % every;
    return phase < stall ? t + (stall - phase) : t;
  }
}
