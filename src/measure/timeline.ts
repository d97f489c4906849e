/** Per-interval figures (by each chunk's due time) for timelines and windowed thresholds. */
import { encodeHistogram, newHistogram, percentilesMs, recordMs, type Histogram } from './histogram.js';
import type { TimelinePoint } from './types.js';

interface Slot {
  sent: number;
  acked: number;
  errors: number;
  byKind: Record<string, number>;
  open: number;
  rtt: Histogram | null;
  /** Cached encoding and p50/p95/p99 of `rtt`, and the acked count they were made at (old intervals stop changing). */
  enc: string | null;
  pcts: Array<number | null>;
  encAt: number;
}

export class Timeline {
  private readonly slots: Slot[] = [];

  constructor(private readonly startMs: number, private readonly intervalMs: number) {}

  private slot(due: number): Slot {
    const i = Math.max(0, Math.floor((due - this.startMs) / this.intervalMs));
    for (let k = this.slots.length; k <= i; k++) this.slots.push({ sent: 0, acked: 0, errors: 0, byKind: {}, open: 0, rtt: null, enc: null, pcts: [null, null, null], encAt: -1 });
    return this.slots[i];
  }

  sent(due: number, sessionsOpen: number): void {
    const s = this.slot(due);
    s.sent++;
    if (sessionsOpen > s.open) s.open = sessionsOpen;
  }

  acked(due: number, rttMs: number): void {
    const s = this.slot(due);
    s.acked++;
    recordMs((s.rtt ??= newHistogram('compact')), rttMs);
  }

  error(due: number, kind: string): void {
    const s = this.slot(due);
    s.errors++;
    s.byKind[kind] = (s.byKind[kind] ?? 0) + 1;
  }

  /** The slot's encoded histogram and p50/p95/p99 (one walk), redone only when it changed. */
  private cached(s: Slot): Slot {
    if (s.rtt && s.encAt !== s.acked) {
      s.enc = encodeHistogram(s.rtt);
      s.pcts = percentilesMs(s.rtt, [50, 95, 99]);
      s.encAt = s.acked;
    }
    return s;
  }

  /** Every interval so far, each with its encoded histogram (re-encoded only when it changed). */
  points(): TimelinePoint[] {
    return this.slots.map((s, i) => {
      const { enc: hdr, pcts: [p50, p95, p99] } = this.cached(s);
      return {
        t_s: (i * this.intervalMs) / 1000,
        chunks_sent: s.sent,
        chunks_acked: s.acked,
        errors: s.errors,
        errors_by_kind: s.byKind,
        p50_ms: p50,
        p95_ms: p95,
        p99_ms: p99,
        sessions_open: s.open,
        ...(hdr ? { hdr } : {}),
      };
    });
  }
}
