/**
 * A WebSocket client for one-request-at-a-time conversations (the `check` probes): frames
 * are queued as they arrive and read one at a time, every wait bounded by a timeout and an
 * AbortSignal. Unlike load/session.ts it parses every frame in full: here correctness matters
 * more than the client's cost per frame.
 */
import WebSocket from '../net/ws.js';
import { describeFrame, parseFrame, type Frame } from '../load/protocol.js';
import { newClientSocket } from '../load/socket.js';
import type { TlsClientOptions } from '../load/tls.js';

export { describeFrame, type Frame };

/** Why a read ended without a frame. */
export type NoFrame = { closed: { code: number; reason: string } } | { timedOut: number };

export interface OpenOptions {
  headers?: Record<string, string>;
  /** Certificate checks for wss:// (verified by default). */
  tls?: TlsClientOptions;
  timeoutMs: number;
  deflate?: boolean;
  signal?: AbortSignal;
}

export class CheckSocket {
  private readonly frames: Frame[] = [];
  private waiters: Array<() => void> = [];
  /** Close code and reason once closed (1006: dropped without a close frame). */
  closeInfo: { code: number; reason: string } | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      this.frames.push(parseFrame(data, isBinary));
      this.wake();
    });
    ws.on('close', (code: number, reason: Buffer) => {
      this.closeInfo = { code, reason: reason.toString() };
      this.wake();
    });
    ws.on('error', () => {}); // the close that follows says enough
  }

  /** Open `url`; rejects with a readable message on refusal, timeout or abort. */
  static open(url: string, o: OpenOptions): Promise<CheckSocket> {
    const ws = newClientSocket(url, { headers: o.headers ?? {}, deflate: o.deflate ?? false, timeoutMs: o.timeoutMs, tls: o.tls });
    const socket = new CheckSocket(ws);
    return new Promise((resolve, reject) => {
      let lastError = '';
      const onAbort = () => ws.terminate();
      o.signal?.addEventListener('abort', onAbort, { once: true });
      ws.on('error', (err) => (lastError = err.message));
      ws.once('open', () => {
        o.signal?.removeEventListener('abort', onAbort);
        resolve(socket);
      });
      ws.once('close', (code) => {
        o.signal?.removeEventListener('abort', onAbort);
        reject(new Error(lastError || `closed ${code} before it opened`));
      });
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(text: string | Buffer, binary = false): void {
    this.ws.send(text, { binary });
  }

  /** The next frame, or why there is none within `timeoutMs`. Frames queued before a close are still read. */
  async next(timeoutMs: number, signal?: AbortSignal): Promise<Frame | NoFrame> {
    await this.until(() => this.frames.length > 0 || this.closeInfo !== null, timeoutMs, signal);
    const f = this.frames.shift();
    if (f) return f;
    if (this.closeInfo) return { closed: this.closeInfo };
    return { timedOut: timeoutMs };
  }

  /** Wait up to `timeoutMs` for the close; null when still open. */
  async closed(timeoutMs: number, signal?: AbortSignal): Promise<{ code: number; reason: string } | null> {
    await this.until(() => this.closeInfo !== null, timeoutMs, signal);
    return this.closeInfo;
  }

  /** Close politely; terminate if the server does not answer the close within a second. */
  async close(): Promise<void> {
    if (this.closeInfo) return;
    try {
      this.ws.close(1000, 'pipebench done');
    } catch {
      this.ws.terminate();
    }
    if ((await this.closed(1000)) === null) {
      this.ws.terminate();
      await this.closed(1000);
    }
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolve when `ready()` holds, the time is up or the signal aborts (never rejects). */
  private until(ready: () => boolean, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (ready() || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', finish);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      const check = () => (ready() ? finish() : void this.waiters.push(check));
      const timer = setTimeout(finish, timeoutMs);
      signal?.addEventListener('abort', finish, { once: true });
      this.waiters.push(check);
    });
  }
}

/** True when `x` is a frame rather than a reason for not having one. */
export function isFrame(x: Frame | NoFrame): x is Frame {
  return 'type' in x;
}
