/**
 * `--out chunks=FILE`: one record per chunk, for people who analyse raw samples themselves.
 * JSON Lines, or CSV when FILE ends in .csv. Times are ms since the run's clock started (t0),
 * 3 decimals: `due` (its slot on the schedule), `sent` (null if never sent), `answered` (the
 * terminal reply; null if none), `rtt_ms` (answered − due, as the result measures it), `outcome`
 * (acked, failed, lost, unsent), `kind` (why it failed) and `measured` (due inside the measured
 * window: the chunks the result's statistics count). Written as chunks settle, so a record's
 * order is the order answers came in.
 */
import type { LoadSink } from '../load/sink.js';
import { createWriteStream, type WriteStream } from 'node:fs';

type Outcome = 'acked' | 'failed' | 'lost' | 'unsent';

const COLUMNS = ['session', 'seq', 'due', 'sent', 'answered', 'rtt_ms', 'outcome', 'kind', 'measured'] as const;
const ms = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);
/** A key for (session, seq): sessions below 2^24, sequence numbers below 2^29 (over 600 days of 100 ms chunks). */
const keyOf = (session: number, seq: number) => session * 2 ** 29 + seq;

export class ChunkLog implements LoadSink {
  private readonly out: WriteStream;
  private readonly csv: boolean;
  private readonly sentAt = new Map<number, number>();
  private t0 = 0;
  private measureStart = Infinity;
  private end = -Infinity;
  private failure: string | null = null;
  private records = 0;

  constructor(private readonly path: string) {
    this.csv = /\.csv$/i.test(path);
    this.out = createWriteStream(path);
    this.out.on('error', (err) => (this.failure ??= err.message));
    if (this.csv) this.out.write(`${COLUMNS.join(',')}\n`);
  }

  private write(session: number, seq: number, due: number, answered: number | null, outcome: Outcome, kind: string | null): void {
    const key = keyOf(session, seq);
    const sent = this.sentAt.get(key);
    this.sentAt.delete(key);
    const rec = {
      session, seq, due: ms(due - this.t0), sent: sent === undefined ? null : ms(sent - this.t0),
      answered: answered === null ? null : ms(answered - this.t0), rtt_ms: answered === null ? null : ms(answered - due),
      outcome, kind, measured: due >= this.measureStart && due < this.end,
    };
    this.records++;
    if (!this.csv) this.out.write(`${JSON.stringify(rec)}\n`);
    else this.out.write(`${COLUMNS.map((c) => csvCell(rec[c])).join(',')}\n`);
  }

  clockStarted(t0: number, measureStartMs: number, endMs: number): void {
    [this.t0, this.measureStart, this.end] = [t0, measureStartMs, endMs];
  }
  sessionCreated(): void {}
  sessionFailed(): void {}
  socketOpened(): void {}
  socketClosed(): void {}
  sessionDeleted(): void {}
  sessionNotDeleted(): void {}
  chunkSent(session: number, seq: number, _due: number, now: number): void {
    this.sentAt.set(keyOf(session, seq), now);
  }
  chunkUnsent(session: number, seq: number, due: number, reason: string): void {
    this.write(session, seq, due, null, 'unsent', reason);
  }
  chunkAudio(): void {}
  chunkAcked(session: number, seq: number, due: number, now: number): void {
    this.write(session, seq, due, now, 'acked', null);
  }
  chunkFailed(session: number, seq: number, due: number, kind: string, _message: string): void {
    this.write(session, seq, due, null, 'failed', kind);
  }
  chunkLost(session: number, seq: number, due: number, kind: string, _message: string): void {
    this.write(session, seq, due, null, 'lost', kind);
  }
  lateReply(): void {}
  requestSent(): void {}
  requestDone(): void {}
  sequenceAnomaly(): void {}
  error(): void {}

  /** Flush and close the file; the warnings for the result (a file that could not be written). */
  finish(): Promise<string[]> {
    return new Promise((resolve) => {
      this.out.end(() => resolve(this.failure ? [`--out chunks=${this.path}: not fully written: ${this.failure}`] : []));
      this.out.once('error', () => resolve([`--out chunks=${this.path}: not fully written: ${this.failure}`]));
    });
  }

  get written(): number {
    return this.records;
  }
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
