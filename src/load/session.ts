/**
 * One virtual user: creates a session, opens its socket, sends chunks when the scheduler says
 * they are due, matches replies in order, reconnects after a drop, and always deletes its session.
 * Everything that goes wrong is reported to the Recorder; nothing is thrown.
 */
import WebSocket from 'ws';
import type { Api } from './api.js';
import { sessionSocketUrl } from './api.js';
import { Fifo, type Pending } from './fifo.js';
import { audioChunkFrame, classifyReply, errorKind } from './protocol.js';
import { alignToPhase, backoffMs, dueMs } from './schedule.js';
import type { Recorder } from '../measure/recorder.js';

/** What every virtual user of a run shares. */
export interface SessionShared {
  api: Api;
  recorder: Recorder;
  target: string;
  headers: Record<string, string>;
  createPayload: (index: number) => unknown;
  /** audio_chunk frame prefixes (one per distinct chunk of the tone's phase cycle). */
  framePrefixes: string[];
  chunkMs: number;
  chunkTimeoutMs: number;
  connectTimeoutMs: number;
  reconnect: boolean;
  deflate: boolean;
  now: () => number;
}

export class VirtualUser {
  /** Next due time (scheduler key); Infinity until streaming starts. */
  nextDue = Infinity;
  sessionId: string | null = null;
  extensions = '';
  private ws: WebSocket | null = null;
  private readonly fifo = new Fifo();
  private streamStart = 0;
  private seq = 0;
  private lastCounter: number | null = null;
  private stopping = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private lastSocketError = '';

  constructor(readonly index: number, private readonly s: SessionShared) {}

  /** Create the session and open its socket; true when ready to stream. */
  async start(t0: number, offsetMs: number): Promise<boolean> {
    const created = await this.s.api.createSession(this.s.createPayload(this.index));
    if (!created.ok) {
      this.s.recorder.sessionFailed(created.kind, created.message);
      return false;
    }
    this.sessionId = created.sessionId;
    this.s.recorder.sessionCreated(created.ms);
    if (this.stopping) return false;
    const opened = await this.connect(false);
    if (!opened) {
      this.s.recorder.sessionFailed('connect failed', this.lastSocketError || 'socket closed before open');
      return false;
    }
    this.streamStart = alignToPhase(this.s.now(), t0, offsetMs, this.s.chunkMs);
    this.nextDue = this.streamStart;
    return true;
  }

  private connect(reconnect: boolean): Promise<boolean> {
    const url = sessionSocketUrl(this.s.target, this.sessionId as string);
    const t = this.s.now();
    return new Promise((resolve) => {
      const ws = new WebSocket(url, {
        headers: this.s.headers,
        perMessageDeflate: this.s.deflate,
        handshakeTimeout: this.s.connectTimeoutMs,
      });
      let opened = false;
      ws.on('open', () => {
        opened = true;
        this.ws = ws;
        this.extensions = ws.extensions;
        this.s.recorder.socketOpened(this.s.now() - t, reconnect);
        resolve(true);
      });
      ws.on('message', (data: Buffer) => this.onMessage(data));
      ws.on('error', (err) => {
        this.lastSocketError = err.message;
      });
      ws.on('close', (code, reason) => {
        if (!opened) {
          this.lastSocketError ||= `closed ${code} before open`;
          resolve(false);
        } else this.onClose(ws, code, reason.toString());
      });
    });
  }

  /** Send chunk `seq` (or count it lost if there is no socket) and advance to the next. */
  fire(now: number): void {
    const due = this.nextDue;
    const ws = this.ws;
    if (ws && ws.readyState === WebSocket.OPEN) {
      const prefixes = this.s.framePrefixes;
      ws.send(audioChunkFrame(prefixes[this.seq % prefixes.length], Date.now()));
      this.fifo.push('chunk', due);
      this.s.recorder.chunkSent(due, now);
    } else {
      this.s.recorder.chunkUnsent(due, this.lastSocketError || 'socket not open');
    }
    this.seq++;
    this.nextDue = dueMs(this.streamStart, this.seq, this.s.chunkMs);
  }

  /** Mark chunks past the timeout as lost; they stay queued to absorb late replies. */
  sweep(now: number): void {
    if (this.fifo.active === 0) return;
    this.fifo.expire(now, this.s.chunkTimeoutMs, (p) => {
      if (p.kind === 'chunk') this.s.recorder.chunkLost(p.due, 'timeout', `no reply within ${this.s.chunkTimeoutMs} ms`);
    });
  }

  /** Requests still awaited (not answered, not timed out). */
  get inFlight(): number {
    return this.fifo.active;
  }

  private onMessage(data: Buffer): void {
    const now = this.s.now();
    const r = classifyReply(data);
    const rec = this.s.recorder;
    switch (r.type) {
      case 'processed_audio': {
        const head = this.fifo.peek();
        if (head && head.kind === 'chunk' && !head.audio) {
          head.audio = true;
          if (!head.late) rec.firstAudio(head.due, now);
        }
        return;
      }
      case 'metrics':
        this.checkCounter(r.chunksProcessed);
        return this.complete(now, (p) => rec.chunkAcked(this.index, p.due, now, r.totalLatencyMs));
      case 'error':
        return this.complete(now, (p) => rec.chunkFailed(p.due, errorKind(r.message), r.message), r.message);
      case 'garbage':
        return rec.error('unparseable reply', r.reason);
      default:
        return; // pong, config_updated, other: no request of this kind is sent yet
    }
  }

  /** The head request got its terminal reply. */
  private complete(now: number, onSuccess: (p: Pending) => void, unmatched?: string): void {
    const p = this.fifo.shift();
    if (!p) {
      this.s.recorder.error('unmatched reply', unmatched ?? 'a reply arrived with no request in flight');
      return;
    }
    if (p.late) this.s.recorder.lateReply(p.due);
    else onSuccess(p);
  }

  private checkCounter(counter: number | null): void {
    if (counter === null) return;
    if (this.lastCounter !== null && counter !== this.lastCounter + 1) {
      this.s.recorder.sequenceAnomaly(`session ${this.index}: chunks_processed went ${this.lastCounter} → ${counter}`);
    }
    this.lastCounter = counter;
  }

  private onClose(ws: WebSocket, code: number, reason: string): void {
    if (this.ws === ws) this.ws = null;
    const dropped = !this.stopping;
    const why = `close ${code}${reason ? ` ${reason}` : ''}${this.lastSocketError ? ` (${this.lastSocketError})` : ''}`;
    this.lastSocketError = `socket closed: ${why}`;
    this.s.recorder.socketClosed(dropped, why);
    this.fifo.drain((p) => {
      if (p.kind === 'chunk') this.s.recorder.chunkLost(p.due, 'lost in dropped socket', why);
    });
    // Chunks the server processed but never answered make the counter jump: start over.
    this.lastCounter = null;
    if (dropped && this.s.reconnect) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = backoffMs(this.attempt++);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.stopping) return;
      void this.connect(true).then((ok) => {
        if (ok) this.attempt = 0;
        else if (!this.stopping) this.scheduleReconnect();
      });
    }, delay);
  }

  /** Stop for good: count what is still awaited as lost, close the socket, delete the session. */
  async finish(reason: string): Promise<void> {
    this.stopping = true;
    this.nextDue = Infinity;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.fifo.drain((p) => {
      if (p.kind === 'chunk') this.s.recorder.chunkLost(p.due, reason, `still awaited when the run ${reason}`);
    });
    const ws = this.ws;
    this.ws = null;
    if (ws) await closeSocket(ws);
    if (this.sessionId === null) return;
    const del = await this.s.api.deleteSession(this.sessionId);
    if (del.ok) this.s.recorder.sessionDeleted();
    else this.s.recorder.error('delete failed', del.message);
  }
}

/** Close politely, but never wait more than a second for the server's close frame. */
function closeSocket(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve();
    const t = setTimeout(() => {
      ws.terminate();
      resolve();
    }, 1000);
    ws.once('close', () => {
      clearTimeout(t);
      resolve();
    });
    try {
      ws.close(1000, 'pipebench done');
    } catch {
      ws.terminate();
    }
  });
}
