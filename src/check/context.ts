/**
 * What a check works with: its own sessions and sockets (all released by `cleanup`, whatever
 * happened), bounded waits that turn silence into a plain "got", and a signal that fires at the
 * check's timeout or on Ctrl-C.
 */
import { sessionSocketUrl } from '../load/api.js';
import { audioChunkText, metricsNumber } from '../load/protocol.js';
import { createPayload, DEFAULT_PIPELINE, type Scenario } from '../scenario.js';
import type { Recorder } from '../measure/recorder.js';
import type { TlsClientOptions } from '../load/tls.js';
import { CHUNK_BASE64, SAMPLE_RATE } from './audio.js';
import type { HttpClient } from '../net/http.js';
import { ask, describeReply, type HttpReply } from './http.js';
import { CheckSocket, describeFrame, isFrame, type Frame } from './socket.js';
import { fail } from './types.js';

/** The limits the checks judge against. */
export interface CheckLimits {
  /** Every awaited reply (frame or HTTP answer) must come within this. */
  replyTimeoutMs: number;
  /** Session create must answer within this. */
  createLimitMs: number;
  /** The WebSocket handshake must complete within this (the guide: < 1 s). */
  connectLimitMs: number;
}

/** Shared by every check of a run. */

export interface CheckEnv extends CheckLimits {
  target: string;
  headers: Record<string, string>;
  /** Certificate checks for https:// and wss:// (verified by default). */
  tls?: TlsClientOptions;
  http: HttpClient;
  recorder: Recorder;
  runId: number;
}

export const REALTIME = '/api/pipeline/realtime';

/** What a session is created with; the guide's three-stage pipeline and 100 ms at 16 kHz by default. */
export interface SessionPlan {
  pipeline?: Readonly<Record<string, unknown>>;
  sampleRate?: number;
  chunkMs?: number;
}

/** The session-create body (protocol.md section 1), with a pipeline_id unique to the run. */
export function sessionPayload(runId: number, index: number, plan: SessionPlan = {}): unknown {
  const fields = {
    pipeline: plan.pipeline ?? DEFAULT_PIPELINE,
    sampleRate: plan.sampleRate ?? SAMPLE_RATE,
    chunkMs: plan.chunkMs ?? 100,
  } satisfies Pick<Scenario, 'pipeline' | 'sampleRate' | 'chunkMs'>;
  // createPayload reads only these three fields of a Scenario.
  return createPayload(fields as Scenario, runId, index);
}

let sessionIndex = 0;

export class CheckContext {
  private readonly sessions = new Set<string>();
  private readonly sockets = new Set<CheckSocket>();

  constructor(
    readonly env: CheckEnv,
    readonly signal: AbortSignal,
  ) {}

  /** POST .../start; the session is deleted by `cleanup` unless the check deletes it first. */
  async createSession(): Promise<{ id: string; reply: HttpReply }> {
    // Not aborted by the run's signal (the client's own timeout bounds it): a create abandoned in flight
    // can still make a session on the server whose id we never learn, and so could never delete.
    const reply = await ask(this.env.http, 'POST', `${REALTIME}/start`, { json: sessionPayload(this.env.runId, sessionIndex++) });
    const id = (reply.json as { session_id?: unknown } | undefined)?.session_id;
    if (reply.status !== 200 || typeof id !== 'string' || id === '') {
      fail('session create: HTTP 200 with a session_id', describeReply(reply));
    }
    this.sessions.add(id);
    this.env.recorder.sessionCreated(reply.ms);
    return { id, reply };
  }

  /** DELETE the session; 200 and 404 both mean cleanup need not try again. */
  async deleteSession(id: string): Promise<HttpReply> {
    const reply = await ask(this.env.http, 'DELETE', `${REALTIME}/${encodeURIComponent(id)}`, { signal: this.signal });
    if (reply.status === 200 || reply.status === 404) {
      if (this.sessions.delete(id) && reply.status === 200) this.env.recorder.sessionDeleted();
    }
    return reply;
  }

  /** Open the session's socket, or fail saying why. */
  async connect(id: string): Promise<{ socket: CheckSocket; ms: number }> {
    const t = performance.now();
    try {
      const socket = await CheckSocket.open(sessionSocketUrl(this.env.target, id), {
        headers: this.env.headers,
        tls: this.env.tls,
        timeoutMs: Math.max(this.env.replyTimeoutMs, this.env.connectLimitMs),
        signal: this.signal,
      });
      this.sockets.add(socket);
      const ms = performance.now() - t;
      this.env.recorder.socketOpened(ms, false);
      return { socket, ms };
    } catch (err) {
      return fail('the WebSocket to open', (err as Error).message);
    }
  }

  /** A created session with its socket open. */
  async openSession(): Promise<{ id: string; socket: CheckSocket }> {
    const { id } = await this.createSession();
    const { socket } = await this.connect(id);
    return { id, socket };
  }

  /** The next frame, whatever it is; silence or a close fails as "expected <what>". */
  async reply(socket: CheckSocket, what: string): Promise<Frame> {
    const r = await socket.next(this.env.replyTimeoutMs, this.signal);
    if (isFrame(r)) return r;
    if ('closed' in r) return fail(what, `${describeClose(r.closed)} with no reply`);
    return fail(what, `no reply within ${r.timedOut} ms`);
  }

  /** The next frame, which must be of `type`. */
  async expect(socket: CheckSocket, type: string, what = type): Promise<Frame> {
    const f = await this.reply(socket, what);
    return f.type === type ? f : fail(what, describeFrame(f));
  }

  /** Send one chunk and read its processed_audio and metrics; returns both frames and the RTT. */
  async chunk(socket: CheckSocket, base64 = CHUNK_BASE64): Promise<{ audio: Frame; metrics: Frame; rttMs: number }> {
    const t = performance.now();
    socket.send(audioChunkText(base64, Date.now()));
    this.env.recorder.chunkSent(0, 0, t, t);
    const audio = await this.expect(socket, 'processed_audio', 'processed_audio, then metrics');
    const metrics = await this.expect(socket, 'metrics', 'metrics after processed_audio');
    const rttMs = performance.now() - t;
    this.env.recorder.chunkAcked(0, 0, t, t + rttMs, numberAt(metrics, 'total_latency'));
    return { audio, metrics, rttMs };
  }

  /** Close every socket and delete every session still alive; returns what could not be cleaned. */
  async cleanup(): Promise<string[]> {
    await Promise.all([...this.sockets].map((s) => s.close()));
    this.sockets.clear();
    const problems: string[] = [];
    for (const id of [...this.sessions]) {
      try {
        const r = await ask(this.env.http, 'DELETE', `${REALTIME}/${encodeURIComponent(id)}`);
        if (r.status === 200) this.env.recorder.sessionDeleted();
        else if (r.status !== 404) problems.push(`session ${id} not deleted: ${describeReply(r)}`);
      } catch (err) {
        problems.push(`session ${id} not deleted: ${(err as Error).message}`);
      }
      this.sessions.delete(id);
    }
    return problems;
  }
}

/** `metrics.<key>` of a metrics frame as a number, or null. */
export const numberAt = metricsNumber;

/** A close as a report reads it; 1006 is the drop without a close frame the original server does. */
export function describeClose(c: { code: number; reason: string }): string {
  if (c.code === 1006) return 'the socket was dropped without a close frame (1006)';
  return `the socket closed (${c.code}${c.reason ? ` ${c.reason}` : ''})`;
}
