/** Session lifecycle checks (protocol.md section 1 and the socket's opening in section 2). */
import { randomUUID } from 'node:crypto';
import { sessionSocketUrl } from '../load/api.js';
import { describeClose, type CheckContext } from './context.js';
import { ask, describeReply } from './http.js';
import { CheckSocket, describeFrame, isFrame } from './socket.js';
import { CheckFailure, fail, type CheckDef } from './types.js';

const ms = (v: number) => `${Math.round(v)} ms`;

async function health(ctx: CheckContext): Promise<void> {
  const r = await ask(ctx.env.http, 'GET', '/api/health', { signal: ctx.signal });
  if (r.status !== 200) fail('GET /api/health: HTTP 200', describeReply(r));
  const status = (r.json as { status?: unknown } | undefined)?.status;
  if (status !== 'healthy') fail('{"status": "healthy"}', `status ${JSON.stringify(status)}`);
}

async function sessionCreate(ctx: CheckContext): Promise<void> {
  const { reply } = await ctx.createSession();
  const status = (reply.json as { status?: unknown }).status;
  if (status !== 'running') fail('"status": "running" in the create answer', `status ${JSON.stringify(status)}`);
  if (reply.ms >= ctx.env.createLimitMs) fail(`session create within ${ms(ctx.env.createLimitMs)}`, ms(reply.ms));
}

async function wsConnect(ctx: CheckContext): Promise<void> {
  const { id } = await ctx.createSession();
  const { ms: took } = await ctx.connect(id);
  if (took >= ctx.env.connectLimitMs) fail(`WebSocket open within ${ms(ctx.env.connectLimitMs)}`, ms(took));
}

/** The server accepts a socket for an unknown session, says so with an error and closes. */
async function unknownSession(ctx: CheckContext): Promise<void> {
  const url = sessionSocketUrl(ctx.env.target, randomUUID());
  let socket: CheckSocket;
  try {
    socket = await CheckSocket.open(url, { headers: ctx.env.headers, timeoutMs: ctx.env.replyTimeoutMs, signal: ctx.signal });
  } catch (err) {
    return fail('the socket to open, then error "Session not found"', `refused: ${(err as Error).message}`);
  }
  try {
    const f = await socket.next(ctx.env.replyTimeoutMs, ctx.signal);
    const got = isFrame(f) ? describeFrame(f) : 'closed' in f ? `${describeClose(f.closed)} without a frame` : 'no frame';
    if (!isFrame(f) || f.type !== 'error' || !/not found/i.test(String(f.error))) fail('error "Session not found"', got);
    if ((await socket.closed(ctx.env.replyTimeoutMs, ctx.signal)) === null) {
      fail('the server to close the socket after the error', `still open after ${ms(ctx.env.replyTimeoutMs)}`);
    }
  } finally {
    await socket.close();
  }
}

async function deleteTwice(ctx: CheckContext): Promise<void> {
  const { id } = await ctx.createSession();
  const first = await ctx.deleteSession(id);
  if (first.status !== 200) fail('DELETE: HTTP 200', describeReply(first));
  const second = await ctx.deleteSession(id);
  if (second.status !== 404) fail('a second DELETE: HTTP 404 "Session not found"', describeReply(second));
}

/** The guide's "rapid start/stop": five create → connect → one chunk → delete cycles, back to back. */
async function startStop(ctx: CheckContext): Promise<void> {
  for (let i = 1; i <= 5; i++) {
    try {
      const { id, socket } = await ctx.openSession();
      await ctx.chunk(socket);
      const del = await ctx.deleteSession(id);
      if (del.status !== 200) fail('DELETE: HTTP 200', describeReply(del));
      const closed = await socket.closed(ctx.env.replyTimeoutMs, ctx.signal);
      if (closed === null) fail('DELETE to close the session socket', `still open after ${ms(ctx.env.replyTimeoutMs)}`);
    } catch (err) {
      if (err instanceof CheckFailure) fail(`cycle ${i} of 5: ${err.expected}`, err.got);
      throw err;
    }
  }
}

/** Checks of the session lifecycle, in the guide's order. */
export const SESSION_CHECKS: CheckDef[] = [
  { name: 'health', description: 'GET /api/health answers 200 {"status": "healthy"}', run: health },
  { name: 'session-create', description: 'POST .../start answers 200 with a session_id, "running", within the create limit', run: sessionCreate },
  { name: 'ws-connect', description: 'the session socket opens within the connect limit (1 s)', run: wsConnect },
  { name: 'unknown-session', description: 'a socket for an unknown session gets error "Session not found", then a close', run: unknownSession },
  { name: 'delete', description: 'DELETE answers 200, and 404 the second time', run: deleteTwice },
  { name: 'start-stop', description: 'five rapid create → connect → chunk → delete cycles, each clean', run: startStop },
];
