/** Per-interval figures (by each chunk's due time) for timelines and windowed thresholds. */
import { encodeHistogram, newHistogram, percentileMs, recordMs, type Histogram } from './histogram.js';
import type { TimelinePoint } from './types.js';

interface Slot {
  sent: number;
  acked: number;
  errors: number;
  byKind: Record<string, number>;
  open: number;
  rtt: Histogram | null;
  /** Cached encoding of `rtt` and the acked count it was made at (old intervals stop changing). */
  enc: string | null;
  encAt: number;
}

export class Timeline {
  private readonly slots: Slot[] = [];

  constructor(private readonly startMs: number, private readonly intervalMs: number) {}

  private slot(due: number): Slot {
    const i = Math.max(0, Math.floor((due - this.startMs) / this.intervalMs));
    for (let k = this.slots.length; k <= i; k++) this.slots.push({ sent: 0, acked: 0, errors: 0, byKind: {}, open: 0, rtt: null, enc: null, encAt: -1 });
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

  private encoded(s: Slot): string | null {
    if (!s.rtt) return null;
    if (s.encAt !== s.acked) {
      s.enc = encodeHistogram(s.rtt);
      s.encAt = s.acked;
    }
    return s.enc;
  }

  /** Every interval so far, each with its encoded histogram (re-encoded only when it changed). */
  points(): TimelinePoint[] {
    return this.slots.map((s, i) => {
      const hdr = this.encoded(s);
      return {
        t_s: (i * this.intervalMs) / 1000,
        chunks_sent: s.sent,
        chunks_acked: s.acked,
        errors: s.errors,
        errors_by_kind: s.byKind,
        p50_ms: s.rtt ? percentileMs(s.rtt, 50) : null,
        p95_ms: s.rtt ? percentileMs(s.rtt, 95) : null,
        p99_ms: s.rtt ? percentileMs(s.rtt, 99) : null,
        sessions_open: s.open,
        ...(hdr ? { hdr } : {}),
      };
    });
  }
}
