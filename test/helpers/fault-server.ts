/**
 * A protocol server that misbehaves on purpose, one fault at a time, and counts what it saw, so
 * the fault matrix can hold pipebench's report against the server's own numbers. Real HTTP and
 * WebSocket on 127.0.0.1, port 0. Also: a TCP server that accepts and never answers (half-open).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface Fault {
  /** Delay before answering a create, ms. */
  createDelayMs?: number;
  /** Status of create (default 200). */
  createStatus?: number;
  /** Every n-th create answers 500 (the others succeed). */
  failCreateEvery?: number;
  /** Create answers 200 with this body instead of JSON with a session id. */
  createBody?: { type: string; text: string };
  /** Status of DELETE (default 200). */
  deleteStatus?: number;
  /** Status of health (default 200). */
  healthStatus?: number;
  /** Answer upgrades with this HTTP status instead of switching protocols. */
  refuseUpgrade?: number;
  /** Close every socket (1000) right after it opens. */
  closeOnOpen?: boolean;
  /** Terminate every socket (no close frame) this long after it opens. */
  dropAfterMs?: number;
  /** Never answer chunks. */
  silent?: boolean;
  /** Answer chunks with a frame that is not JSON. */
  garbage?: boolean;
  /** Answer every chunk with an `error` reply. */
  errorReplies?: boolean;
  /** Send processed_audio but never the metrics that ends the chunk. */
  partial?: boolean;
  /** Process every chunk (the counter counts it) but lose the replies of every n-th one. */
  loseEvery?: number;
  /** After this many chunks on the server, hold every reply for stallMs (then send them, in order). */
  stallAfterChunks?: number;
  stallMs?: number;
}

/** What the server saw. */
export interface FaultCounters {
  createsAnswered: number;
  created: Set<string>;
  deleted: Set<string>;
  deleteAttempts: number;
  upgrades: number;
  /** Sockets opened per session id. */
  socketsBySession: Map<string, number>;
  chunks: number;
  /** Chunks processed (chunks_processed summed over sessions), replies lost or not. */
  processed: number;
  /** Chunks whose metrics reply was sent. */
  answered: number;
}

export interface FaultServer extends FaultCounters {
  url: string;
  close(): Promise<void>;
}

export async function startFaultServer(f: Fault): Promise<FaultServer> {
  const c: FaultCounters = {
    createsAnswered: 0, created: new Set(), deleted: new Set(), deleteAttempts: 0, upgrades: 0,
    socketsBySession: new Map(), chunks: 0, processed: 0, answered: 0,
  };
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const http = createServer((req, res) => {
    req.resume();
    req.on('end', () => route(req, res, f, c, later));
  });
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req, socket, head) => {
    c.upgrades++;
    if (f.refuseUpgrade) {
      socket.end(`HTTP/1.1 ${f.refuseUpgrade} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const id = decodeURIComponent(/\/api\/pipeline\/realtime\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? '');
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (!c.created.has(id) || c.deleted.has(id)) {
        ws.send('{"type": "error", "error": "Session not found"}');
        return ws.close(1000);
      }
      c.socketsBySession.set(id, (c.socketsBySession.get(id) ?? 0) + 1);
      if (f.closeOnOpen) return ws.close(1000, 'closing at once');
      if (f.dropAfterMs !== undefined) later(f.dropAfterMs, () => ws.terminate());
      serveSocket(ws, id, f, c, later);
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return Object.assign(c, {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
    },
  });
}

type Later = (ms: number, fn: () => void) => void;

function route(req: IncomingMessage, res: ServerResponse, f: Fault, c: FaultCounters, later: Later): void {
  const send = (status: number, body: unknown, type = 'application/json') => {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': type });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  if (req.method === 'GET' && req.url === '/api/health') return send(f.healthStatus ?? 200, { status: 'healthy' });
  if (req.method === 'POST' && req.url === '/api/pipeline/realtime/start') {
    return later(f.createDelayMs ?? 0, () => {
      c.createsAnswered++;
      if (f.createStatus && f.createStatus !== 200) return send(f.createStatus, { detail: 'Failed to start session: injected' });
      if (f.failCreateEvery && c.createsAnswered % f.failCreateEvery === 0) return send(500, { detail: 'Failed to start session: injected' });
      if (f.createBody) return send(200, f.createBody.text, f.createBody.type);
      const id = randomUUID();
      c.created.add(id);
      send(200, { session_id: id, pipeline_id: 'p', status: 'running' });
    });
  }
  const del = /^\/api\/pipeline\/realtime\/([^/]+)$/.exec(req.url ?? '');
  if (req.method === 'DELETE' && del) {
    c.deleteAttempts++;
    const id = decodeURIComponent(del[1]);
    if (f.deleteStatus && f.deleteStatus !== 200) return send(f.deleteStatus, { detail: 'Internal Server Error' });
    if (!c.created.has(id) || c.deleted.has(id)) return send(404, { detail: 'Session not found' });
    c.deleted.add(id);
    return send(200, { success: true, message: `Session ${id} stopped` });
  }
  send(404, { detail: 'Not Found' });
}

/** Per-session counters survive reconnects, as on the real server. */
const counters = new WeakMap<FaultCounters, Map<string, number>>();

function serveSocket(ws: WebSocket, id: string, f: Fault, c: FaultCounters, later: Later): void {
  if (!counters.has(c)) counters.set(c, new Map());
  const perSession = counters.get(c)!;
  let releaseAt = 0;
  // Replies leave in order: once one is held, every later one queues behind it.
  const queue: Array<{ at: number; replies: string[]; answers: boolean }> = [];
  const drain = () => {
    while (queue.length > 0 && queue[0].at <= Date.now()) {
      const q = queue.shift()!;
      if (ws.readyState !== ws.OPEN) continue;
      for (const r of q.replies) ws.send(r);
      if (q.answers) c.answered++;
    }
    if (queue.length > 0) later(queue[0].at - Date.now(), drain);
  };
  ws.on('message', (data) => {
    const text = data.toString();
    let replies: string[];
    let answers = false;
    if (text.includes('"audio_chunk"')) {
      c.chunks++;
      if (f.silent) return;
      if (f.garbage) replies = ['<html>this is not json</html>'];
      else if (f.errorReplies) replies = ['{"type": "error", "error": "Chunk processing failed: injected"}'];
      else {
        const n = (perSession.get(id) ?? 0) + 1;
        perSession.set(id, n);
        c.processed++;
        if (f.loseEvery && n % f.loseEvery === 0) return;
        const audio = '{"type": "processed_audio", "audio": "AAAA"}';
        replies = f.partial ? [audio] : [audio, metrics(n)];
        answers = !f.partial;
      }
    } else if (text.includes('"ping"')) replies = ['{"type": "pong"}'];
    else return;
    const stalled = f.stallAfterChunks !== undefined && c.chunks > f.stallAfterChunks && releaseAt === 0;
    if (stalled) releaseAt = Date.now() + (f.stallMs ?? 0);
    const at = Math.max(Date.now(), releaseAt);
    queue.push({ at, replies, answers });
    if (queue.length === 1) {
      if (at <= Date.now()) drain();
      else later(at - Date.now(), drain);
    }
  });
}

function metrics(n: number): string {
  return `{"type": "metrics", "metrics": {"total_latency": 0.5, "chunks_processed": ${n}, "average_latency": 0.5, "quality_metrics": {"snr": 0.0, "rms": -3.01}, "cpu_usage": 0.0}}`;
}

/** A TCP server that accepts connections and never sends a byte (a half-open, hung target). */
export async function startHalfOpenServer(): Promise<{ url: string; connections: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createTcpServer((s) => {
    connections++;
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get connections() {
      return connections;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

/** A request as a RawServer read it, with the socket to answer on (any bytes, or none). */
export interface RawRequest {
  method: string;
  path: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: string;
  socket: Socket;
  /** The socket's number on this server, from 1. */
  conn: number;
  /** The request's number on its socket, from 1. */
  nth: number;
}

export interface RawServer {
  url: string;
  port: number;
  requests: RawRequest[];
  /** Sockets accepted so far. */
  readonly connections: number;
  /** Sockets open now, and the most ever open at once. */
  readonly open: number;
  readonly maxOpen: number;
  close(): Promise<void>;
}

/**
 * A TCP server that reads HTTP/1.1 requests (Content-Length bodies) and hands each to `answer`,
 * which writes whatever bytes it likes to the socket, malformed or split or none at all. For
 * holding the client's HTTP transport to what real, misbehaving servers send.
 */
export async function startRawServer(answer: (req: RawRequest, server: RawServer) => void, host = '127.0.0.1'): Promise<RawServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  let maxOpen = 0;
  const server = createTcpServer((s) => {
    const conn = ++connections;
    sockets.add(s);
    maxOpen = Math.max(maxOpen, sockets.size);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
    let pending = Buffer.alloc(0);
    let nth = 0;
    s.on('data', (b: Buffer) => {
      pending = Buffer.concat([pending, b]);
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const [line, ...lines] = pending.subarray(0, end).toString('latin1').split('\r\n');
        const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
        const length = Number(headers['content-length'] ?? 0);
        if (pending.length < end + 4 + length) return;
        const body = pending.subarray(end + 4, end + 4 + length).toString('utf8');
        pending = pending.subarray(end + 4 + length);
        const [method, path] = line.split(' ');
        const req: RawRequest = { method, path, headers, body, socket: s, conn, nth: ++nth };
        raw.requests.push(req);
        answer(req, raw);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const port = (server.address() as AddressInfo).port;
  const raw: RawServer = {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    requests: [],
    get connections() {
      return connections;
    },
    get open() {
      return sockets.size;
    },
    get maxOpen() {
      return maxOpen;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
  return raw;
}

/** A whole answer with a Content-Length body (keep-alive unless `extra` headers say otherwise). */
export function rawAnswer(status: number, body: string, extra = ''): string {
  return `HTTP/1.1 ${status} X\r\nContent-Type: text/plain\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}
