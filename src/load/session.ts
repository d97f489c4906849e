/**
 * One virtual user: creates a session, opens its socket, sends chunks when the scheduler says
 * they are due, matches replies in order, reconnects after a drop, and always deletes its session.
 * Everything that happens is reported to the LoadSink; nothing is thrown.
 */
import WebSocket from '../net/ws.js';
import { closeSocket, openSocket } from './socket.js';
import { sessionSocketUrl } from './api.js';
import { HEALTHY_SOCKET_MS, ProcessedCounter, reportFailure, type SessionContext } from './context.js';
import { Fifo, type Pending, type RequestKind } from './fifo.js';
import { PING_FRAME, classifyReply, errorKind, type Reply } from './protocol.js';
import { alignToPhase, backoffMs, dueMs } from './schedule.js';
import type { ReturnedAudioTap } from './audio.js';

export class VirtualUser {
  /** Next due time (scheduler key); Infinity until streaming starts. */
  nextDue = Infinity;
  sessionId: string | null = null;
  extensions = '';
  private ws: WebSocket | null = null;
  private readonly fifo = new Fifo();
  private streamStart = 0;
  private seq = 0;
  private chunkDue = Infinity;
  private updateDue = Infinity;
  private pingDue = Infinity;
  private updates = 0;
  private readonly counter = new ProcessedCounter();
  private stopping = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  /** Why the session has no socket now (for chunks that could not be sent); never nested. */
  private lastSocketError = '';
  /** The error the current socket (or attempt) reported, if any; cleared at each open and close. */
  private socketError = '';
  /** When the current socket opened (now() ms). */
  private openedAt = 0;
  private preparing: Promise<boolean> | null = null;
  private finished: Promise<void> | null = null;

  private readonly chunkOffset: number;
  private readonly tap: ReturnedAudioTap | null;

  constructor(readonly index: number, private readonly s: SessionContext) {
    this.chunkOffset = s.plan.chunkOffsets?.[index] ?? 0;
    this.tap = s.plan.audioTap?.watches(index) ? s.plan.audioTap : null;
  }

  /** Create the session and open its socket; true when ready to stream (then call `begin`). */
  prepare(): Promise<boolean> {
    this.preparing = this.setUp();
    return this.preparing;
  }

  private async setUp(): Promise<boolean> {
    const created = await this.s.api.createSession(this.s.plan.createPayload(this.index));
    if (!created.ok) {
      this.s.sink.sessionFailed(created.kind, created.message);
      return false;
    }
    this.sessionId = created.sessionId;
    this.s.sink.sessionCreated(created.ms);
    if (this.stopping) return false;
    const opened = await this.connect(false);
    if (!opened) {
      this.s.sink.sessionFailed('connect failed', this.lastSocketError || 'socket closed before open');
      return false;
    }
    return true;
  }

  /** Start streaming on this session's phase grid (`t0 + offsetMs + k × chunkMs`), from the next slot. */
  begin(t0: number, offsetMs: number): void {
    const { chunkMs, updateEveryMs, pingEveryMs } = this.s.plan;
    this.streamStart = alignToPhase(this.s.now(), t0, offsetMs, chunkMs);
    this.chunkDue = this.streamStart;
    // Updates and pings fall between chunks, half a period after one.
    const half = chunkMs / 2;
    if (updateEveryMs) this.updateDue = this.streamStart + updateEveryMs + half;
    if (pingEveryMs) this.pingDue = this.streamStart + pingEveryMs + half;
    this.nextDue = this.streamStart;
  }

  private async connect(reconnect: boolean): Promise<boolean> {
    const t = this.s.now();
    const plan = this.s.plan;
    const ws = await openSocket(sessionSocketUrl(plan.target, this.sessionId as string), {
      headers: plan.headers,
      deflate: plan.deflate,
      timeoutMs: plan.connectTimeoutMs,
      tls: plan.tls,
      onMessage: (data) => this.onMessage(data),
      onError: (message) => {
        this.socketError = message.slice(0, 200);
      },
      onClose: (socket, code, reason) => this.onClose(socket, code, reason),
    });
    if (!ws) {
      this.lastSocketError = this.socketError || 'socket closed before open';
      this.socketError = '';
      return false;
    }
    this.ws = ws;
    this.extensions = ws.extensions;
    this.socketError = '';
    this.openedAt = this.s.now();
    this.s.sink.socketOpened(this.openedAt - t, reconnect, this.index);
    return true;
  }

  /** Send whatever is due first (chunk, update or ping) and advance the scheduler key. */
  fire(now: number): void {
    if (this.chunkDue <= this.updateDue && this.chunkDue <= this.pingDue) this.fireChunk(now);
    else if (this.updateDue <= this.pingDue) this.fireRequest('update', now);
    else this.fireRequest('ping', now);
    this.nextDue = Math.min(this.chunkDue, this.updateDue, this.pingDue);
  }

  private get open(): WebSocket | null {
    return this.ws && this.ws.readyState === WebSocket.OPEN ? this.ws : null;
  }

  /** Closed pacing (closed.ts): send the next chunk now, lag from `readyAt`, round trip from now; returns the next slot. */
  fireClosed(now: number, readyAt: number): number {
    this.chunkDue = readyAt;
    this.fireChunk(now, now);
    return this.chunkDue;
  }

  /** Send chunk `seq` (or count it lost if there is no socket); its round trip counts from `from`. */
  private fireChunk(now: number, from = this.chunkDue): void {
    const due = this.chunkDue;
    const ws = this.open;
    if (ws) {
      const f = this.s.plan.frames;
      const at = this.seq + this.chunkOffset;
      ws.send(this.s.plan.deflate ? f.text(at, Date.now()) : f.bytes(at, Date.now()), { binary: false });
      this.fifo.push('chunk', from, this.seq);
      this.s.sink.chunkSent(this.index, this.seq, due, now);
    } else {
      this.s.sink.chunkUnsent(this.index, this.seq, due, this.lastSocketError || 'socket not open');
    }
    this.seq++;
    this.chunkDue = dueMs(this.streamStart, this.seq, this.s.plan.chunkMs);
  }

  private fireRequest(kind: 'update' | 'ping', now: number): void {
    const due = kind === 'update' ? this.updateDue : this.pingDue;
    this.s.sink.requestSent(kind, due);
    const ws = this.open;
    if (ws) {
      const frames = this.s.plan.updateFrames;
      ws.send(kind === 'ping' ? PING_FRAME : frames[this.updates % frames.length]);
      this.fifo.push(kind, due);
    } else {
      this.s.sink.requestDone(kind, due, now, { kind: 'not sent', message: this.lastSocketError || 'socket not open' });
    }
    if (kind === 'update') {
      this.updateDue += this.s.plan.updateEveryMs as number;
      this.updates++;
    } else this.pingDue += this.s.plan.pingEveryMs as number;
  }

  /** Mark chunks past the timeout as lost; they stay queued to absorb late replies. */
  sweep(now: number): void {
    if (this.fifo.active === 0) return;
    const timeoutMs = this.s.plan.chunkTimeoutMs;
    const message = `no reply within ${timeoutMs} ms`;
    this.fifo.expire(now, timeoutMs, (p) => reportFailure(this.s.sink, this.index, p, now, { reply: false, kind: 'timeout', message }));
  }

  /** Requests still awaited (not answered, not timed out). */
  get inFlight(): number {
    return this.fifo.active;
  }

  private onMessage(data: Buffer): void {
    const now = this.s.now();
    const r = classifyReply(data);
    switch (r.type) {
      case 'processed_audio': {
        const head = this.fifo.peek();
        if (head?.kind !== 'chunk') return this.s.sink.error('reply mismatch', `processed_audio while awaiting ${head?.kind ?? 'nothing'}`);
        if (!head.audio) {
          head.audio = true;
          if (!head.late) this.s.sink.chunkAudio(this.index, head.seq, head.due, now, data);
          if (this.tap) {
            const w = this.s.window;
            this.tap.returned(this.index, head.seq, head.due >= w.measureStartMs && head.due < w.endMs, data);
          }
        }
        return;
      }
      case 'metrics': {
        const skipped = this.counter.observe(r.chunksProcessed);
        if (skipped >= 0) {
          this.s.sink.sequenceAnomaly(this.index, `session ${this.index}: chunks_processed went ${this.counter.previous} → ${r.chunksProcessed}`);
          if (skipped > 0) this.resync(now, skipped);
        }
        return this.complete(now, r, 'chunk');
      }
      case 'pong':
        return this.complete(now, r, 'ping');
      case 'config_updated':
        return this.complete(now, r, 'update');
      case 'error':
        return this.complete(now, r, null);
      case 'garbage':
        return this.s.sink.error('unparseable reply', r.reason);
      default:
        return; // unknown reply types answer nothing we sent
    }
  }

  /** The head request got its terminal reply; `expects` is the request kind this reply ends (null: any). */
  private complete(now: number, r: Reply, expects: RequestKind | null): void {
    const p = this.fifo.shift();
    if (!p) {
      this.s.sink.error('unmatched reply', r.type === 'error' ? r.message : `${r.type} with no request in flight`);
      return;
    }
    if (p.late) {
      if (p.kind === 'chunk') this.s.sink.lateReply(this.index, p.seq, p.due);
      return;
    }
    if (r.type === 'error') return reportFailure(this.s.sink, this.index, p, now, { reply: true, kind: errorKind(r.message), message: r.message });
    if (expects !== p.kind) {
      return reportFailure(this.s.sink, this.index, p, now, { reply: true, kind: 'reply mismatch', message: `${r.type} while awaiting a ${p.kind} reply` });
    }
    if (r.type === 'config_updated' && !r.success) {
      return reportFailure(this.s.sink, this.index, p, now, { reply: true, kind: 'config_updated success false', message: `stage ${r.stageId}` });
    }
    if (p.kind === 'chunk') this.s.sink.chunkAcked(this.index, p.seq, p.due, now, r.type === 'metrics' ? r.totalLatencyMs : null);
    else this.s.sink.requestDone(p.kind, p.due, now);
  }

  /**
   * chunks_processed jumped by `skipped`: the server processed that many chunks and never answered
   * them. Replies come in order, so those are the oldest chunks awaited: they are lost (unless the
   * timeout already counted them), and this reply matches its own chunk, keeping later RTTs true.
   */
  private resync(now: number, skipped: number): void {
    for (let i = 0; i < skipped && this.fifo.size > 1 && this.fifo.peek()?.kind === 'chunk'; i++) {
      const p = this.fifo.shift() as Pending;
      if (!p.late) reportFailure(this.s.sink, this.index, p, now, { reply: false, kind: 'reply missing', message: 'the server counted the chunk (chunks_processed) but sent no reply' });
    }
  }

  private onClose(ws: WebSocket, code: number, reason: string): void {
    if (this.ws === ws) this.ws = null;
    const dropped = !this.stopping;
    // This socket's own error only: the previous drop's text is not carried into the next one.
    const why = `close ${code}${reason ? ` ${reason.slice(0, 120)}` : ''}${this.socketError ? ` (${this.socketError})` : ''}`;
    this.socketError = '';
    this.lastSocketError = `socket closed: ${why}`;
    this.s.sink.socketClosed(dropped, why, this.index);
    // The backoff starts over only after a socket that proved healthy by staying open a while.
    if (this.s.now() - this.openedAt >= HEALTHY_SOCKET_MS) this.attempt = 0;
    const now = this.s.now();
    this.fifo.drain((p) => reportFailure(this.s.sink, this.index, p, now, { reply: false, kind: 'lost in dropped socket', message: why }));
    // Chunks the server processed but never answered make the counter jump: start over.
    this.counter.reset();
    if (dropped && this.s.plan.reconnect) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = backoffMs(this.attempt++);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.stopping) return;
      void this.connect(true).then((ok) => {
        if (!ok && !this.stopping) this.scheduleReconnect();
      });
    }, delay);
  }

  /** Stop for good: count what is still awaited as lost, close the socket, delete the session. */
  finish(reason: string): Promise<void> {
    this.finished ??= this.stop(reason);
    return this.finished;
  }

  private async stop(reason: string): Promise<void> {
    this.stopping = true;
    this.nextDue = Infinity;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const now = this.s.now();
    this.fifo.drain((p) => reportFailure(this.s.sink, this.index, p, now, { reply: false, kind: reason, message: `still awaited when the run ${reason}` }));
    // A set-up still in flight ends first, so a session created meanwhile is deleted too.
    if (this.preparing) await this.preparing;
    const ws = this.ws;
    this.ws = null;
    if (ws) await closeSocket(ws);
    if (this.sessionId === null) return;
    const del = await this.s.api.deleteSession(this.sessionId);
    if (del.ok) this.s.sink.sessionDeleted();
    else this.s.sink.sessionNotDeleted(del.message);
  }
}
