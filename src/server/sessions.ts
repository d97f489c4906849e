/**
 * Real-time sessions: one DSP chain and one cumulative counter per session, surviving reconnects.
 * The store enforces the session cap and removes idle sessions.
 */
import type { Chain } from '../dsp/index.js';

/** What the store needs from the socket currently attached to a session. */
export interface AttachedSocket {
  /** Close with a close frame; pending replies are dropped. */
  close(code: number, reason: string): void;
}

/** One real-time session. Mutable on purpose: the hot path updates its counters in place. */
export interface Session {
  readonly id: string;
  readonly pipelineId: string;
  readonly chain: Chain;
  /** Successfully processed chunks, across every connection this session has had. */
  chunksProcessed: number;
  /** Sum of processing times of those chunks, for average_latency. */
  totalLatencyMs: number;
  /** Date.now() of creation, last connect or last message: what the idle timeout measures. */
  lastActivityMs: number;
  socket: AttachedSocket | null;
}

/** Close code sent when the idle timeout removes a connected session. */
export const CLOSE_IDLE = 1001;

/** Sessions by id, with a cap and an idle sweep. */
/** What the store has seen since the server started (in-process only, for tests and benches). */
export interface StoreTotals {
  sessionsCreated: number;
  sessionsRemoved: number;
  /** Chunks processed by every session, removed or alive. */
  chunksProcessed: number;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private sweeper: NodeJS.Timeout | undefined;
  private created = 0;
  private removed = 0;
  private chunksOfRemoved = 0;

  constructor(
    readonly maxSessions: number,
    /** 0 disables the idle timeout. */
    readonly idleTimeoutMs: number,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  isFull(): boolean {
    return this.sessions.size >= this.maxSessions;
  }

  add(session: Session): void {
    this.sessions.set(session.id, session);
    this.created += 1;
  }

  totals(): StoreTotals {
    let live = 0;
    for (const s of this.sessions.values()) live += s.chunksProcessed;
    return { sessionsCreated: this.created, sessionsRemoved: this.removed, chunksProcessed: this.chunksOfRemoved + live };
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  /** Remove a session and close its socket (with `code`); returns it, or undefined if unknown. */
  remove(id: string, code = 1000, reason = 'Session stopped'): Session | undefined {
    const session = this.sessions.get(id);
    if (!session) return undefined;
    this.sessions.delete(id);
    this.removed += 1;
    this.chunksOfRemoved += session.chunksProcessed;
    const socket = session.socket;
    session.socket = null;
    socket?.close(code, reason);
    return session;
  }

  values(): IterableIterator<Session> {
    return this.sessions.values();
  }

  /** Remove every session whose last activity is older than the idle timeout; returns how many. */
  sweep(nowMs: number): number {
    if (this.idleTimeoutMs <= 0) return 0;
    let removed = 0;
    for (const s of [...this.sessions.values()]) {
      if (nowMs - s.lastActivityMs >= this.idleTimeoutMs) {
        this.remove(s.id, CLOSE_IDLE, 'Session idle timeout');
        removed += 1;
      }
    }
    return removed;
  }

  /** Sweep periodically, a few times per timeout so a session lives at most ~1.25 timeouts. */
  startSweeper(): void {
    if (this.idleTimeoutMs <= 0 || this.sweeper) return;
    const every = Math.min(5000, Math.max(10, Math.floor(this.idleTimeoutMs / 4)));
    this.sweeper = setInterval(() => this.sweep(Date.now()), every);
    this.sweeper.unref();
  }

  /** Stop sweeping and remove every session, closing sockets with `code`. */
  closeAll(code: number, reason: string): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    for (const id of [...this.sessions.keys()]) this.remove(id, code, reason);
  }
}
