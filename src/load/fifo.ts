/**
 * The requests in flight on one connection, oldest first. The server answers a connection
 * strictly in order with one terminal reply per request, so replies complete the head.
 * Entries past the chunk timeout stay (marked late) so their late replies keep later ones aligned.
 */

export type RequestKind = 'chunk' | 'update' | 'ping';

export interface Pending {
  kind: RequestKind;
  /** Due time (chunks) or send time (updates, pings), ms. */
  due: number;
  /** Chunk sequence number within its session (0 for updates and pings). */
  seq: number;
  late: boolean;
  /** processed_audio already seen for this chunk. */
  audio: boolean;
}

/**
 * A ring of slots indexed by ever-growing logical positions (`head` ≤ `sweepAt` ≤ `tail` when in use).
 * A slot is cleared the moment its request completes, so the queue holds only what is in flight: an
 * array that kept answered entries until a compaction held every chunk of a session for minutes,
 * and those entries, promoted to the old generation, drove V8 into a mark-compact every ~200 ms.
 */
export class Fifo {
  private ring: (Pending | undefined)[] = new Array<Pending | undefined>(16).fill(undefined);
  private mask = 15;
  /** Logical position of the oldest entry. */
  private head = 0;
  /** Logical position one past the newest entry. */
  private tail = 0;
  /** Logical position of the first entry not yet checked against the timeout. */
  private sweepAt = 0;
  /** Entries neither answered nor late. */
  active = 0;

  get size(): number {
    return this.tail - this.head;
  }

  push(kind: RequestKind, due: number, seq = 0): void {
    if (this.tail - this.head === this.ring.length) this.grow();
    this.ring[this.tail++ & this.mask] = { kind, due, seq, late: false, audio: false };
    this.active++;
  }

  peek(): Pending | undefined {
    return this.head < this.tail ? this.ring[this.head & this.mask] : undefined;
  }

  shift(): Pending | undefined {
    if (this.head >= this.tail) return undefined;
    const at = this.head++ & this.mask;
    const p = this.ring[at] as Pending;
    this.ring[at] = undefined;
    if (!p.late) this.active--;
    return p;
  }

  /** Mark entries whose deadline passed as late, calling `onLate` for each, oldest first. */
  expire(now: number, timeoutMs: number, onLate: (p: Pending) => void): void {
    let i = Math.max(this.sweepAt, this.head);
    while (i < this.tail) {
      const p = this.ring[i & this.mask] as Pending;
      if (p.due + timeoutMs > now) break;
      i++;
      if (p.late) continue;
      p.late = true;
      this.active--;
      onLate(p);
    }
    this.sweepAt = i;
  }

  /** Empty the queue (socket gone), calling `onActive` for every entry still awaited. */
  drain(onActive: (p: Pending) => void): void {
    for (let i = this.head; i < this.tail; i++) {
      const p = this.ring[i & this.mask] as Pending;
      if (!p.late) onActive(p);
    }
    this.ring.fill(undefined);
    this.head = this.tail = this.sweepAt = 0;
    this.active = 0;
  }

  /** Double the ring, keeping every entry at its logical position. */
  private grow(): void {
    const bigger = new Array<Pending | undefined>(this.ring.length * 2).fill(undefined);
    const mask = bigger.length - 1;
    for (let i = this.head; i < this.tail; i++) bigger[i & mask] = this.ring[i & this.mask];
    this.ring = bigger;
    this.mask = mask;
  }
}
