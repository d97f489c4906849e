/**
 * What the load generator reports, as methods (no event objects: an allocation per chunk is what
 * makes a generator's event loop unsteady). load/ calls these as things happen and knows nothing
 * of what is done with them; measure/'s Recorder implements it, and so can anything else that
 * wants the raw events (per-chunk records, live metrics, a returned-audio checker): `teeSink`.
 *
 * Times are ms on the run's monotonic clock (performance.now()); `session` is the session's index
 * in the GLOBAL plan (the same whichever worker or shard runs it); `seq` is the chunk's sequence
 * number within its session (chunk `seq` is due at streamStart + seq × chunkMs). With closed
 * pacing (closed.ts) a chunk's `due` is when it was free to go (its slot or the previous reply,
 * whichever came later) in `chunkSent`/`chunkUnsent`, and its actual send in the reply events, so
 * round trips count from the send.
 */

export type ControlKind = 'update' | 'ping';

export interface Failure {
  kind: string;
  message: string;
}

export interface LoadSink {
  /**
   * The schedule is fixed: chunks due in [measureStartMs, endMs) belong to the measured window.
   * Called once, before any chunk is sent (session set-up events may come before it).
   */
  clockStarted(t0: number, measureStartMs: number, endMs: number): void;

  sessionCreated(createMs: number): void;
  sessionFailed(kind: string, message: string): void;
  /** A socket opened: the first of a session, or a reconnect. */
  socketOpened(connectMs: number, reconnect: boolean, session?: number): void;
  /** A socket that had opened closed; `dropped` = not by us. */
  socketClosed(dropped: boolean, reason: string, session?: number): void;
  sessionDeleted(): void;
  /** The session's DELETE failed: it stays on the server. */
  sessionNotDeleted(message: string): void;

  chunkSent(session: number, seq: number, due: number, now: number): void;
  /** Due while the session had no open socket: due and lost at once. */
  chunkUnsent(session: number, seq: number, due: number, reason: string): void;
  /**
   * The chunk's processed_audio reply (the first one, if a server sends several). `frame` is the
   * raw text frame, valid only during the call (copy what you keep).
   */
  chunkAudio(session: number, seq: number, due: number, now: number, frame: Buffer): void;
  /** The chunk's terminal `metrics` reply. */
  chunkAcked(session: number, seq: number, due: number, now: number, serverLatencyMs: number | null): void;
  /** An `error` reply (or a reply of the wrong kind) ended the chunk. */
  chunkFailed(session: number, seq: number, due: number, kind: string, message: string): void;
  /** No reply within the chunk timeout (kind `timeout`), or the socket went away with the chunk in flight. */
  chunkLost(session: number, seq: number, due: number, kind: string, message: string): void;
  /** A reply came for a chunk already counted lost by timeout. */
  lateReply(session: number, seq: number, due: number): void;

  /** update_stage / ping went out (or was due with no socket: then `requestDone` with a failure follows). */
  requestSent(kind: ControlKind, due: number): void;
  requestDone(kind: ControlKind, due: number, now: number, failure?: Failure): void;

  /** chunks_processed did not rise by exactly one. */
  sequenceAnomaly(session: number, message: string): void;
  /** Anything else that went wrong, counted by kind (unparseable reply, unmatched reply, delete failed). */
  error(kind: string, message: string): void;
}

/** One sink that forwards every event to each of `sinks`, in order. */
export function teeSink(sinks: readonly LoadSink[]): LoadSink {
  if (sinks.length === 1) return sinks[0];
  const each = <K extends keyof LoadSink>(k: K) =>
    ((...args: unknown[]) => {
      for (const s of sinks) (s[k] as (...a: unknown[]) => void)(...args);
    }) as LoadSink[K];
  return {
    clockStarted: each('clockStarted'), sessionCreated: each('sessionCreated'), sessionFailed: each('sessionFailed'),
    socketOpened: each('socketOpened'), socketClosed: each('socketClosed'), sessionDeleted: each('sessionDeleted'), sessionNotDeleted: each('sessionNotDeleted'),
    chunkSent: each('chunkSent'), chunkUnsent: each('chunkUnsent'), chunkAudio: each('chunkAudio'),
    chunkAcked: each('chunkAcked'), chunkFailed: each('chunkFailed'), chunkLost: each('chunkLost'),
    lateReply: each('lateReply'), requestSent: each('requestSent'), requestDone: each('requestDone'),
    sequenceAnomaly: each('sequenceAnomaly'), error: each('error'),
  };
}
