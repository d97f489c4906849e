/**
 * --out and --verbose with --workers: a worker records its load events into a flat batch (numbers
 * in one Float64Array, strings in order beside it; no object per event) and posts it to the main
 * thread every FLUSH_MS; the main thread replays each batch into the run's output sinks, its
 * times moved onto the main thread's clock. Only a run that asks for outputs pays for this.
 * Events without a time of their own (--verbose's session lines) are stamped when replayed, up to
 * FLUSH_MS after they happened.
 * Returned audio (chunkAudio) is not forwarded: no output sink reads it (the audio check runs in
 * the workers and is merged with their results).
 */
import type { ControlKind, LoadSink } from '../load/sink.js';

/** How often a worker posts its events. */
export const FLUSH_MS = 100;

/** A worker's events since its last batch; times on the clock whose origin is `timeOrigin`. */
export interface EventBatch {
  timeOrigin: number;
  nums: Float64Array;
  strs: string[];
}

// Each event: its code, then up to five numbers (unused slots stay 0).
const SLOTS = 6;
const CLOCK = 0, CREATED = 1, FAILED = 2, OPENED = 3, CLOSED = 4, DELETED = 5, NOT_DELETED = 6, SENT = 7, UNSENT = 8;
const ACKED = 9, CHUNK_FAILED = 10, LOST = 11, LATE = 12, REQ_SENT = 13, REQ_DONE = 14, REQ_FAILED = 15, ANOMALY = 16, ERROR = 17;
const NO_SESSION = -1;

/** The worker's side: a LoadSink that only appends. */
export class EventRecorder implements LoadSink {
  private nums = new Float64Array(SLOTS * 1024);
  private n = 0;
  private strs: string[] = [];

  private put(code: number, a = 0, b = 0, c = 0, d = 0, e = 0): void {
    if (this.n + SLOTS > this.nums.length) {
      const bigger = new Float64Array(this.nums.length * 2);
      bigger.set(this.nums);
      this.nums = bigger;
    }
    const x = this.nums;
    const i = this.n;
    x[i] = code; x[i + 1] = a; x[i + 2] = b; x[i + 3] = c; x[i + 4] = d; x[i + 5] = e;
    this.n = i + SLOTS;
  }

  /** The events so far (null when none), and a fresh start. */
  take(): EventBatch | null {
    if (this.n === 0) return null;
    const batch = { timeOrigin: performance.timeOrigin, nums: this.nums.slice(0, this.n), strs: this.strs };
    this.n = 0;
    this.strs = [];
    return batch;
  }

  clockStarted(t0: number, measureStartMs: number, endMs: number): void {
    this.put(CLOCK, t0, measureStartMs, endMs);
  }
  sessionCreated(createMs: number): void {
    this.put(CREATED, createMs);
  }
  sessionFailed(kind: string, message: string): void {
    this.strs.push(kind, message);
    this.put(FAILED);
  }
  socketOpened(connectMs: number, reconnect: boolean, session?: number): void {
    this.put(OPENED, connectMs, reconnect ? 1 : 0, session ?? NO_SESSION);
  }
  socketClosed(dropped: boolean, reason: string, session?: number): void {
    this.strs.push(reason);
    this.put(CLOSED, dropped ? 1 : 0, session ?? NO_SESSION);
  }
  sessionDeleted(): void {
    this.put(DELETED);
  }
  sessionNotDeleted(message: string): void {
    this.strs.push(message);
    this.put(NOT_DELETED);
  }
  chunkSent(session: number, seq: number, due: number, now: number): void {
    this.put(SENT, session, seq, due, now);
  }
  chunkUnsent(session: number, seq: number, due: number, reason: string): void {
    this.strs.push(reason);
    this.put(UNSENT, session, seq, due);
  }
  chunkAudio(): void {}
  chunkAcked(session: number, seq: number, due: number, now: number, serverLatencyMs: number | null): void {
    this.put(ACKED, session, seq, due, now, serverLatencyMs ?? NaN);
  }
  chunkFailed(session: number, seq: number, due: number, kind: string, message: string): void {
    this.strs.push(kind, message);
    this.put(CHUNK_FAILED, session, seq, due);
  }
  chunkLost(session: number, seq: number, due: number, kind: string, message: string): void {
    this.strs.push(kind, message);
    this.put(LOST, session, seq, due);
  }
  lateReply(session: number, seq: number, due: number): void {
    this.put(LATE, session, seq, due);
  }
  requestSent(kind: ControlKind, due: number): void {
    this.strs.push(kind);
    this.put(REQ_SENT, due);
  }
  requestDone(kind: ControlKind, due: number, now: number, failure?: { kind: string; message: string }): void {
    if (failure) this.strs.push(kind, failure.kind, failure.message);
    else this.strs.push(kind);
    this.put(failure ? REQ_FAILED : REQ_DONE, due, now);
  }
  sequenceAnomaly(session: number, message: string): void {
    this.strs.push(message);
    this.put(ANOMALY, session);
  }
  error(kind: string, message: string): void {
    this.strs.push(kind, message);
    this.put(ERROR);
  }
}

/** Where one worker's times go on the main thread's clock; `run` is shared by the run's workers. */
export interface ReplayClock {
  run: { t0: number | null };
  /** Worker time + shift = main-thread time, once the worker's clock started. */
  shift: number | null;
}

export const replayClock = (run: { t0: number | null }): ReplayClock => ({ run, shift: null });

/**
 * The main thread's side: replays one worker's batch into `sink`. Every worker starts its schedule
 * at the same agreed instant, so each worker's t0 is mapped onto the first one's (the sinks see
 * one schedule, exactly: a chunk due at the window's edge stays inside it), and `clockStarted`
 * goes through once per run. Before its clock starts, a worker's times move by the difference of
 * the two clocks' origins.
 */
export function replay(batch: EventBatch, sink: LoadSink, clock: ReplayClock): void {
  let shift = clock.shift ?? batch.timeOrigin - performance.timeOrigin;
  const x = batch.nums;
  const s = batch.strs;
  let k = 0;
  const str = () => s[k++];
  for (let i = 0; i < x.length; i += SLOTS) {
    const code = x[i], a = x[i + 1], b = x[i + 2], c = x[i + 3], d = x[i + 4], e = x[i + 5];
    switch (code) {
      case CLOCK:
        if (clock.run.t0 === null) {
          clock.run.t0 = a + shift;
          sink.clockStarted(a + shift, b + shift, c + shift);
        }
        shift = clock.shift = clock.run.t0 - a;
        break;
      case CREATED: sink.sessionCreated(a); break;
      case FAILED: sink.sessionFailed(str(), str()); break;
      case OPENED: sink.socketOpened(a, b === 1, c === NO_SESSION ? undefined : c); break;
      case CLOSED: sink.socketClosed(a === 1, str(), b === NO_SESSION ? undefined : b); break;
      case DELETED: sink.sessionDeleted(); break;
      case NOT_DELETED: sink.sessionNotDeleted(str()); break;
      case SENT: sink.chunkSent(a, b, c + shift, d + shift); break;
      case UNSENT: sink.chunkUnsent(a, b, c + shift, str()); break;
      case ACKED: sink.chunkAcked(a, b, c + shift, d + shift, Number.isNaN(e) ? null : e); break;
      case CHUNK_FAILED: sink.chunkFailed(a, b, c + shift, str(), str()); break;
      case LOST: sink.chunkLost(a, b, c + shift, str(), str()); break;
      case LATE: sink.lateReply(a, b, c + shift); break;
      case REQ_SENT: sink.requestSent(str() as ControlKind, a + shift); break;
      case REQ_DONE: sink.requestDone(str() as ControlKind, a + shift, b + shift); break;
      case REQ_FAILED: sink.requestDone(str() as ControlKind, a + shift, b + shift, { kind: str(), message: str() }); break;
      case ANOMALY: sink.sequenceAnomaly(a, str()); break;
      case ERROR: sink.error(str(), str()); break;
    }
  }
}
