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

export class Fifo {
  private items: Pending[] = [];
  private head = 0;
  /** Index of the first entry not yet checked against the timeout. */
  private sweepAt = 0;
  /** Entries neither answered nor late. */
  active = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(kind: RequestKind, due: number, seq = 0): void {
    this.items.push({ kind, due, seq, late: false, audio: false });
    this.active++;
  }

  peek(): Pending | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  shift(): Pending | undefined {
    if (this.head >= this.items.length) return undefined;
    const p = this.items[this.head++];
    if (!p.late) this.active--;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.sweepAt = Math.max(0, this.sweepAt - this.head);
      this.head = 0;
    }
    return p;
  }

  /** Mark entries whose deadline passed as late, calling `onLate` for each, oldest first. */
  expire(now: number, timeoutMs: number, onLate: (p: Pending) => void): void {
    let i = Math.max(this.sweepAt, this.head);
    while (i < this.items.length && this.items[i].due + timeoutMs <= now) {
      const p = this.items[i++];
      if (p.late) continue;
      p.late = true;
      this.active--;
      onLate(p);
    }
    this.sweepAt = i;
  }

  /** Empty the queue (socket gone), calling `onActive` for every entry still awaited. */
  drain(onActive: (p: Pending) => void): void {
    for (let i = this.head; i < this.items.length; i++) if (!this.items[i].late) onActive(this.items[i]);
    this.items = [];
    this.head = 0;
    this.sweepAt = 0;
    this.active = 0;
  }
}
