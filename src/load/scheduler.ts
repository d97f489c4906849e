/**
 * The one timer of a run. Sessions wait in a min-heap keyed by their next due time; each wake-up
 * fires every session that is due (several per wake-up at high session counts) and sweeps
 * chunk timeouts, so the cost is one timer for the whole run, not one per session.
 */

export interface Schedulable {
  nextDue: number;
  fire(now: number): void;
  sweep(now: number): void;
}

const MAX_FIRES_PER_TICK = 256;

export class Scheduler<T extends Schedulable> {
  private readonly heap: T[] = [];
  private readonly all: T[] = [];
  private timer: NodeJS.Timeout | null = null;
  private lastSweep = 0;
  private running = false;

  constructor(
    private readonly now: () => number,
    /** Chunks due at or after this are not sent. */
    private readonly endMs: number,
    private readonly sweepEveryMs = 50,
  ) {}

  start(): void {
    this.running = true;
    this.arm();
  }

  /** Stop sending; timeouts are still swept until `close`. */
  stopSending(): void {
    this.heap.length = 0;
  }

  close(): void {
    this.running = false;
    this.heap.length = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** A session is ready: it enters the heap at its first due time. */
  add(item: T): void {
    this.all.push(item);
    if (item.nextDue < this.endMs) this.push(item);
    if (this.running) this.arm();
  }

  /**
   * At the end of the run: send what is due before the end and still unsent because the run's end
   * timer fired before this one (chunks due in the last millisecond); their send lag counts as usual.
   */
  catchUp(): void {
    this.fireDue(this.now(), Infinity);
  }

  private fireDue(now: number, budget: number): void {
    const heap = this.heap;
    while (heap.length > 0 && heap[0].nextDue <= now && budget-- > 0) {
      const item = heap[0];
      item.fire(now);
      if (item.nextDue < this.endMs) this.siftDown(0);
      else this.pop();
    }
  }

  private tick = (): void => {
    this.timer = null;
    const now = this.now();
    // When far behind, send in slices so replies are still read in between (their RTTs stay honest).
    this.fireDue(now, MAX_FIRES_PER_TICK);
    if (now - this.lastSweep >= this.sweepEveryMs) {
      this.lastSweep = now;
      for (const item of this.all) item.sweep(now);
    }
    this.arm();
  };

  private arm(): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    const now = this.now();
    const next = Math.min(this.heap.length ? this.heap[0].nextDue : Infinity, this.lastSweep + this.sweepEveryMs);
    this.timer = setTimeout(this.tick, Math.max(0, Math.floor(next - now)));
  }

  private push(item: T): void {
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent].nextDue <= h[i].nextDue) break;
      [h[parent], h[i]] = [h[i], h[parent]];
      i = parent;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop() as T;
    if (h.length > 0) {
      h[0] = last;
      this.siftDown(0);
    }
  }

  private siftDown(i: number): void {
    const h = this.heap;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && h[l].nextDue < h[m].nextDue) m = l;
      if (r < n && h[r].nextDue < h[m].nextDue) m = r;
      if (m === i) return;
      [h[m], h[i]] = [h[i], h[m]];
      i = m;
    }
  }
}
