/**
 * The per-connection reply queue. Replies leave strictly in the order they were produced; with
 * delay, jitter or stalls each batch waits for its release time, and one timer per connection
 * (armed for the head of the queue) drives it, so a later reply can never overtake an earlier one.
 */
import { performance } from 'node:perf_hooks';

/** The part of a `ws` WebSocket the queue needs. */
export interface FrameSink {
  send(data: string, cb?: (err?: Error) => void): void;
  terminate(): void;
}

interface Batch {
  frames: string[];
  releaseAtMs: number;
  /** Drop the socket (no close frame) once these frames are written. */
  terminateAfter: boolean;
}

/** FIFO of reply batches for one socket. */
export class Outbox {
  private readonly queue: Batch[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastReleaseMs = 0;
  private closed = false;

  constructor(private readonly sink: FrameSink) {}

  /** Queue `frames` to leave at `releaseAtMs` (performance.now() clock), but never before earlier ones. */
  push(frames: string[], releaseAtMs: number, terminateAfter = false): void {
    if (this.closed) return;
    const at = Math.max(releaseAtMs, this.lastReleaseMs);
    this.lastReleaseMs = at;
    if (this.queue.length === 0 && at <= performance.now()) {
      this.write({ frames, releaseAtMs: at, terminateAfter });
      return;
    }
    this.queue.push({ frames, releaseAtMs: at, terminateAfter });
    if (this.queue.length === 1) this.arm();
  }

  /** Forget everything pending; used when the socket goes away. */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    const head = this.queue[0];
    if (!head || this.closed) return;
    this.timer = setTimeout(() => this.flush(), Math.max(0, head.releaseAtMs - performance.now()));
  }

  private flush(): void {
    this.timer = undefined;
    const now = performance.now();
    while (!this.closed && this.queue.length > 0 && this.queue[0].releaseAtMs <= now + 0.5) {
      this.write(this.queue.shift()!);
    }
    this.arm();
  }

  private write(batch: Batch): void {
    const { frames } = batch;
    const last = frames.length - 1;
    for (let i = 0; i < last; i++) this.sink.send(frames[i]);
    if (!batch.terminateAfter) {
      if (last >= 0) this.sink.send(frames[last]);
      return;
    }
    // Terminate only after the last frame is handed to the kernel, or the client might not see it.
    this.close();
    if (last < 0) this.sink.terminate();
    else this.sink.send(frames[last], () => this.sink.terminate());
  }
}
