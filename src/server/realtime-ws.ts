/**
 * WebSocket endpoint `/api/pipeline/realtime/{session_id}`: upgrades, attaches sockets to sessions.
 * `ws` runs in noServer mode so the HTTP server keeps one listener and 404s other upgrade paths.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from '../net/ws.js';
import { Connection, CLOSE_REPLACED, type ConnectionContext } from './connection.js';
import { errorFrame } from './replies.js';
import type { SessionStore } from './sessions.js';

const PATH = /^\/api\/pipeline\/realtime\/([^/?#]+)\/?(?:\?.*)?$/;

/** The upgrade side of the server. */
export interface RealtimeSockets {
  /** Hand an HTTP upgrade request over (the http server's 'upgrade' event). */
  onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Close every socket (going away), then terminate what is still open after `graceMs`. */
  close(graceMs: number): Promise<void>;
}

/** Create the WebSocket side; `maxFrameBytes` becomes ws's maxPayload (oversize → close 1009). */
export function createRealtimeSockets(store: SessionStore, ctx: ConnectionContext, maxFrameBytes: number): RealtimeSockets {
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes, perMessageDeflate: true });
  const attach = (ws: WebSocket, sessionId: string) => {
    const session = store.get(sessionId);
    if (!session) {
      ws.send(errorFrame('Session not found'));
      ws.close(1000, 'Session not found');
      return;
    }
    // One socket per session: the newest wins, because the chain's state can only follow one stream.
    session.socket?.close(CLOSE_REPLACED, 'Replaced by a newer connection');
    session.socket = new Connection(ws, session, ctx);
    session.lastActivityMs = Date.now();
  };
  return {
    onUpgrade(req, socket, head) {
      const match = PATH.exec(req.url ?? '');
      if (!match) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      const id = safeDecode(match[1]);
      wss.handleUpgrade(req, socket, head, (ws) => attach(ws, id));
    },
    close: (graceMs) => closeAll(wss, graceMs),
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

async function closeAll(wss: WebSocketServer, graceMs: number): Promise<void> {
  const open = [...wss.clients];
  for (const ws of open) ws.close(1001, 'Server shutting down');
  const closed = Promise.all(open.map((ws) => new Promise<void>((resolve) => {
    if (ws.readyState === ws.CLOSED) resolve();
    else ws.once('close', () => resolve());
  })));
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs);
  });
  await Promise.race([closed, grace]);
  clearTimeout(timer);
  for (const ws of wss.clients) ws.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
}
