/**
 * One chunk at a time on a CheckSocket (the `latency` command): wait for the chunk's terminal
 * reply (metrics or error) and record it. A chunk that times out stays owed: its late reply, if
 * one comes, is consumed and counted late, so the next chunk is matched to its own reply.
 */
import { errorKind } from '../load/protocol.js';
import { recordMs, type Histogram } from '../measure/histogram.js';
import type { Recorder } from '../measure/recorder.js';
import { isFrame, type CheckSocket, type Frame } from './socket.js';
import { numberAt, describeClose } from './context.js';

export interface ExchangeDeps {
  socket: CheckSocket;
  recorder: Recorder;
  /** Client round trips, timeouts included at the timeout's value. */
  rtt: Histogram;
  timeoutMs: number;
  signal?: AbortSignal;
}

export class SequentialChunks {
  /** Timed-out chunks whose terminal reply has not come yet. */
  private owed = 0;
  private lastCounter: number | null = null;
  private dropped = false;

  constructor(private readonly x: ExchangeDeps) {}

  /** Await the reply of the chunk sent at `sent` (performance.now() ms); returns what happened, for progress. */
  async complete(sent: number): Promise<string> {
    const { socket, recorder, signal } = this.x;
    const deadline = sent + this.x.timeoutMs;
    let audioSeen = false;
    for (;;) {
      const f = await socket.next(Math.max(0, deadline - performance.now()), signal);
      const now = performance.now();
      if (signal?.aborted) {
        recorder.chunkLost(0, 0, sent, 'interrupted', 'still awaited when the run was interrupted');
        return 'interrupted';
      }
      if (!isFrame(f)) return this.noReply(sent, 'closed' in f ? describeClose(f.closed) : null);
      if (f.type === 'processed_audio') {
        if (this.owed === 0 && !audioSeen) {
          recorder.chunkAudio(0, 0, sent, now);
          audioSeen = true;
        }
      } else if (f.type === 'metrics' || f.type === 'error') {
        if (f.type === 'metrics') this.checkCounter(f);
        if (this.owed > 0) {
          this.owed--;
          recorder.lateReply(0, 0, sent);
          continue;
        }
        return this.answered(f, sent, now);
      } else if (f.type.startsWith('(')) {
        recorder.error('unparseable reply', f.type);
      }
    }
  }

  private answered(f: Frame, sent: number, now: number): string {
    if (f.type === 'error') {
      const message = String(f.error ?? '');
      this.x.recorder.chunkFailed(0, 0, sent, errorKind(message), message);
      return `error: ${message}`;
    }
    this.x.recorder.chunkAcked(0, 0, sent, now, numberAt(f, 'total_latency'));
    recordMs(this.x.rtt, now - sent);
    return `${(now - sent).toFixed(1)} ms`;
  }

  /** No reply in time (counted as the timeout, as the guide does), or the socket is gone. */
  private noReply(sent: number, closed: string | null): string {
    const { recorder } = this.x;
    if (closed === null) {
      recorder.chunkLost(0, 0, sent, 'timeout', `no reply within ${this.x.timeoutMs} ms`);
      recordMs(this.x.rtt, this.x.timeoutMs);
      this.owed++;
      return `timeout (${this.x.timeoutMs} ms)`;
    }
    if (!this.dropped) recorder.socketClosed(true, closed);
    this.dropped = true;
    recorder.chunkLost(0, 0, sent, 'lost in dropped socket', closed);
    return closed;
  }

  private checkCounter(f: Frame): void {
    const n = numberAt(f, 'chunks_processed');
    if (n === null) return;
    if (this.lastCounter !== null && n !== this.lastCounter + 1) {
      this.x.recorder.sequenceAnomaly(0, `chunks_processed went ${this.lastCounter} → ${n}`);
    }
    this.lastCounter = n;
  }
}
