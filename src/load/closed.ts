/**
 * Closed pacing (`RunPlan.pacing: 'closed'`, the `latency` command): a session sends its next
 * chunk when the previous chunk's reply has arrived, but never before that chunk's slot on the
 * absolute schedule (due = streamStart + seq × chunkMs), so the audio flows no faster than real
 * time. A chunk with no reply within the chunk timeout is given up (lost, kind `timeout`; the
 * Recorder counts it as a round trip of the timeout itself, the time the client waited), and its
 * late reply, if one comes, is consumed by the session's FIFO, so later chunks stay matched.
 *
 * A round trip counts from the chunk's actual send. In closed pacing there is no coordinated
 * omission to correct: the client never has a chunk queued behind a slow reply (waiting is the
 * point), so timing from the slot would only add the previous reply's lateness to this chunk.
 *
 * Open pacing (scheduler.ts: one timer for the whole run) is untouched by this file. Here each
 * session has a timer of its own, which suits a handful of sessions, not thousands.
 */
import type { LoadSink } from './sink.js';
import { teeSink } from './sink.js';
import { VirtualUser } from './session.js';
import type { SessionContext } from './context.js';

export type ClosedAction =
  | { do: 'send'; readyAt: number }
  | { do: 'expire' }
  | { do: 'wait'; until: number }
  | { do: 'done' };

export interface ClosedState {
  /** When the chunk still awaited was sent; null when none is. */
  sentAt: number | null;
  /** When the previous chunk was settled (reply, error reply, timeout, drop); -Infinity before the first. */
  freedAt: number;
  /** The next chunk's slot on the schedule. */
  nextDue: number;
  /** Chunks due at or after this are not sent. */
  endMs: number;
  timeoutMs: number;
}

/**
 * What a closed-paced session does at `now`. Pure. A chunk awaited is waited for up to its
 * timeout, then expired; otherwise the next chunk goes at its slot, and `readyAt` (its slot or
 * the previous chunk's settlement, whichever is later) is when it was free to go: the send lag
 * counts from there.
 */
export function closedStep(s: ClosedState, now: number): ClosedAction {
  if (s.sentAt !== null) {
    const deadline = s.sentAt + s.timeoutMs;
    return now >= deadline ? { do: 'expire' } : { do: 'wait', until: deadline };
  }
  if (s.nextDue >= s.endMs) return { do: 'done' };
  if (now < s.nextDue) return { do: 'wait', until: s.nextDue };
  return { do: 'send', readyAt: Math.max(s.nextDue, s.freedAt) };
}

const ignore = () => {};

/** A sink that hears only when a chunk is settled (acked, failed, lost). */
function settlements(onSettled: () => void): LoadSink {
  return {
    clockStarted: ignore, sessionCreated: ignore, sessionFailed: ignore, socketOpened: ignore, socketClosed: ignore,
    sessionDeleted: ignore, sessionNotDeleted: ignore, chunkSent: ignore, chunkUnsent: ignore, chunkAudio: ignore,
    chunkAcked: onSettled, chunkFailed: onSettled, chunkLost: onSettled, lateReply: ignore, requestSent: ignore,
    requestDone: ignore, sequenceAnomaly: ignore, error: ignore,
  };
}

/** One session's closed pacing: its timer, woken early when its chunk in flight is settled. */
class ClosedSession {
  readonly state: ClosedState;
  readonly done: Promise<void>;
  vu!: VirtualUser;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private stepping = false;
  private resolveDone!: () => void;

  constructor(private readonly now: () => number, timeoutMs: number) {
    this.state = { sentAt: null, freedAt: -Infinity, nextDue: Infinity, endMs: -Infinity, timeoutMs };
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /** Streaming begins (`vu.begin` has set its first slot). */
  start(endMs: number): void {
    this.state.nextDue = this.vu.nextDue;
    this.state.endMs = endMs;
    this.step();
  }

  /** The chunk awaited got its terminal reply, timed out, or went with the socket. */
  settled(): void {
    if (this.state.sentAt === null) return;
    this.state.sentAt = null;
    this.state.freedAt = this.now();
    this.step();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.resolveDone();
  }

  private step = (): void => {
    // settled() is re-entered from vu.sweep (the timeout it reports): the loop below goes on.
    if (this.stopped || this.stepping) return;
    this.stepping = true;
    try {
      this.run();
    } finally {
      this.stepping = false;
    }
  };

  private run(): void {
    const s = this.state;
    for (;;) {
      const now = this.now();
      const a = closedStep(s, now);
      if (a.do === 'done') return this.stop();
      if (a.do === 'wait') {
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(this.step, Math.max(0, Math.ceil(a.until - now)));
        return;
      }
      if (a.do === 'expire') {
        this.vu.sweep(now); // reports the chunk lost (kind timeout); its late reply stays owed in the FIFO
        s.sentAt = null;
        s.freedAt = now;
        continue;
      }
      s.nextDue = this.vu.fireClosed(now, a.readyAt);
      // Not sent (no socket): nothing to wait for, the next chunk goes at its slot.
      if (this.vu.inFlight > 0) s.sentAt = now;
      else s.freedAt = now;
    }
  }
}

/**
 * The closed pacing of a run, in place of the open Scheduler: `user` makes each virtual user,
 * `add` starts it once it is ready, `finished` resolves when every session added has sent its
 * chunks and has nothing awaited.
 */
export class ClosedPacing {
  private readonly sessions = new Map<VirtualUser, ClosedSession>();
  private readonly started: ClosedSession[] = [];

  constructor(
    private readonly now: () => number,
    private readonly timeoutMs: number,
    /** Chunks due at or after this are not sent (set when the clock starts). */
    public endMs = -Infinity,
  ) {}

  /** A virtual user whose settled chunks wake its pacing. */
  user(index: number, ctx: SessionContext): VirtualUser {
    const pacing = new ClosedSession(this.now, this.timeoutMs);
    pacing.vu = new VirtualUser(index, { ...ctx, sink: teeSink([ctx.sink, settlements(() => pacing.settled())]) });
    this.sessions.set(pacing.vu, pacing);
    return pacing.vu;
  }

  /** A session is ready and has begun: it streams from its first slot. */
  add(vu: VirtualUser): void {
    const pacing = this.sessions.get(vu);
    if (!pacing) return;
    this.started.push(pacing);
    pacing.start(this.endMs);
  }

  /** Nothing to arm: each session runs its own timer from `add`. */
  start(): void {}

  /** Send no more chunks; replies still awaited are left to the run's drain. */
  stopSending(): void {
    for (const p of this.sessions.values()) p.stop();
  }

  close(): void {
    this.stopSending();
  }

  /** Every session started so far has sent its chunks and awaits nothing. */
  finished(): Promise<void> {
    return Promise.all(this.started.map((p) => p.done)).then(ignore);
  }
}
