/**
 * `--verbose`: what happens to sessions, one line each on stderr (through the run's `note`):
 * created, failed, sockets opened, reconnected, dropped, closed, deleted; chunks that failed,
 * were lost or could not be sent; late replies, sequence anomalies and other errors. Answered
 * chunks are not listed (the table and --out chunks=FILE have them). Lines start with the time
 * since the run's clock started (before it, since the run began). Session set-up events carry no session
 * index in the load events, so those lines name none.
 */
import type { LoadSink } from '../load/sink.js';
export class VerboseLog implements LoadSink {
  private t0: number;

  constructor(private readonly note: (line: string) => void, now: number = performance.now()) {
    this.t0 = now;
  }

  private say(text: string, at: number = performance.now()): void {
    const s = (at - this.t0) / 1000;
    this.note(`${s < 0 ? '-' : '+'}${Math.abs(s).toFixed(3)}s ${text}`);
  }

  clockStarted(t0: number, measureStartMs: number, endMs: number): void {
    this.t0 = t0;
    this.say(`clock started; measuring from +${((measureStartMs - t0) / 1000).toFixed(3)}s to +${((endMs - t0) / 1000).toFixed(3)}s`, t0);
  }
  sessionCreated(createMs: number): void {
    this.say(`session created (${createMs.toFixed(1)} ms)`);
  }
  sessionFailed(kind: string, message: string): void {
    this.say(`session failed: ${kind}: ${message}`);
  }
  socketOpened(connectMs: number, reconnect: boolean): void {
    this.say(`socket ${reconnect ? 'reconnected' : 'opened'} (${connectMs.toFixed(1)} ms)`);
  }
  socketClosed(dropped: boolean, reason: string): void {
    this.say(`socket ${dropped ? 'dropped by the server' : 'closed'}${reason ? `: ${reason}` : ''}`);
  }
  sessionDeleted(): void {
    this.say('session deleted');
  }
  sessionNotDeleted(message: string): void {
    this.say(`session NOT deleted: ${message}`);
  }
  chunkSent(): void {}
  chunkUnsent(session: number, seq: number, due: number, reason: string): void {
    this.say(`session ${session} chunk ${seq}: not sent (${reason})`, due);
  }
  chunkAudio(): void {}
  chunkAcked(): void {}
  chunkFailed(session: number, seq: number, _due: number, kind: string, message: string): void {
    this.say(`session ${session} chunk ${seq}: failed, ${kind}: ${message}`);
  }
  chunkLost(session: number, seq: number, _due: number, kind: string, message: string): void {
    this.say(`session ${session} chunk ${seq}: lost, ${kind}: ${message}`);
  }
  lateReply(session: number, seq: number): void {
    this.say(`session ${session} chunk ${seq}: reply after it was counted lost`);
  }
  requestSent(): void {}
  requestDone(kind: string, _due: number, _now: number, failure?: { kind: string; message: string }): void {
    if (failure) this.say(`${kind} failed, ${failure.kind}: ${failure.message}`);
  }
  sequenceAnomaly(session: number, message: string): void {
    this.say(`session ${session}: sequence anomaly: ${message}`);
  }
  error(kind: string, message: string): void {
    this.say(`error ${kind}: ${message}`);
  }
}
