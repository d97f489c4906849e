/**
 * Small purpose-built protocol servers for the load generator's tests: correct, slow, silent,
 * failing, dropping or garbage-speaking. Real HTTP and WebSocket on 127.0.0.1, port 0.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { replyQueue } from './reply-queue.js';

export interface FakeBehaviour {
  /** Reply delay per chunk, ms (replies stay in order). */
  delayMs?: number;
  /** Never answer chunks. */
  silent?: boolean;
  /** Answer every chunk with an error. */
  error?: boolean;
  /** Terminate a socket (no close frame) after this many chunks on it. */
  dropAfter?: number;
  /** Answer chunks with a frame that is not JSON. */
  garbage?: boolean;
  /** HTTP status for session create (default 200). */
  createStatus?: number;
  /** Skip processed_audio (metrics only). */
  noAudio?: boolean;
  /** Answer update_stage with an error (as the original server does) instead of config_updated. */
  failUpdates?: boolean;
  /** Return processed audio made by this per-session transform (called once per session) instead of an echo. */
  audio?: () => (pcm: Int16Array) => Int16Array;
}

export interface FakeServer {
  url: string;
  created: Set<string>;
  deleted: Set<string>;
  chunks: number;
  connections: number;
  close(): Promise<void>;
}

export async function startFakeServer(b: FakeBehaviour = {}): Promise<FakeServer> {
  const state = { created: new Set<string>(), deleted: new Set<string>(), chunks: 0, connections: 0 };
  const counters = new Map<string, number>();
  const http = createServer((req, res) => handleHttp(req, res, b, state));
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req, socket, head) => {
    const id = /\/api\/pipeline\/realtime\/([^/?]+)/.exec(req.url ?? '')?.[1];
    wss.handleUpgrade(req, socket, head, (ws) => {
      state.connections++;
      if (!id || !state.created.has(id) || state.deleted.has(id)) {
        ws.send('{"type": "error", "error": "Session not found"}');
        ws.close(1000);
        return;
      }
      serveSocket(ws, id, b, state, counters);
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get created() { return state.created; },
    get deleted() { return state.deleted; },
    get chunks() { return state.chunks; },
    get connections() { return state.connections; },
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
    },
  };
}

function handleHttp(req: IncomingMessage, res: ServerResponse, b: FakeBehaviour, s: { created: Set<string>; deleted: Set<string> }) {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  req.resume();
  req.on('end', () => {
    if (req.method === 'GET' && req.url === '/api/health') return send(200, { status: 'healthy' });
    if (req.method === 'POST' && req.url === '/api/pipeline/realtime/start') {
      if (b.createStatus && b.createStatus !== 200) return send(b.createStatus, { detail: 'Failed to start session: test' });
      const id = randomUUID();
      s.created.add(id);
      return send(200, { session_id: id, pipeline_id: 'p', status: 'running' });
    }
    const del = /^\/api\/pipeline\/realtime\/([^/]+)$/.exec(req.url ?? '');
    if (req.method === 'DELETE' && del) {
      if (!s.created.has(del[1]) || s.deleted.has(del[1])) return send(404, { detail: 'Session not found' });
      s.deleted.add(del[1]);
      return send(200, { success: true });
    }
    send(404, { detail: 'Not Found' });
  });
}

function serveSocket(ws: WebSocket, id: string, b: FakeBehaviour, s: { chunks: number }, counters: Map<string, number>) {
  let onSocket = 0;
  const out = replyQueue();
  ws.on('close', () => out.close());
  ws.on('message', (data) => {
    const text = data.toString();
    let replies: string[];
    if (text.includes('"audio_chunk"')) {
      s.chunks++;
      onSocket++;
      if (b.dropAfter !== undefined && onSocket > b.dropAfter) return ws.terminate();
      if (b.silent) return;
      replies = chunkReplies(text, id, b, counters);
    } else if (text.includes('"update_stage"')) {
      replies = [b.failUpdates
        ? `{"type": "error", "error": "Config update failed: 'PipelineCoordinator' object has no attribute 'apply_pipeline_config'"}`
        : '{"type": "config_updated", "stage_id": "noise_reduction", "success": true}'];
    } else if (text.includes('"ping"')) replies = ['{"type": "pong"}'];
    else return;
    out.after(b.delayMs ?? 0, () => {
      if (ws.readyState === ws.OPEN) for (const r of replies) ws.send(r);
    });
  });
}

function chunkReplies(text: string, id: string, b: FakeBehaviour, counters: Map<string, number>): string[] {
  if (b.garbage) return ['this is not json'];
  if (b.error) return ['{"type": "error", "error": "Chunk processing failed: test fault"}'];
  const n = (counters.get(id) ?? 0) + 1;
  counters.set(id, n);
  let data = /"data":"([^"]*)"/.exec(text)?.[1] ?? '';
  if (b.audio) data = transformAudio(data, id, b.audio);
  const metrics = `{"type": "metrics", "metrics": {"total_latency": 0.5, "chunks_processed": ${n}, "average_latency": 0.5, "quality_metrics": {"snr": 0.0, "rms": -3.01}, "cpu_usage": 0.0}}`;
  return b.noAudio ? [metrics] : [`{"type": "processed_audio", "audio": "${data}"}`, metrics];
}

const transforms = new Map<string, (pcm: Int16Array) => Int16Array>();

/** Runs the session's audio transform on base64 PCM (little-endian hosts). */
function transformAudio(data: string, id: string, make: () => (pcm: Int16Array) => Int16Array): string {
  let f = transforms.get(id);
  if (!f) transforms.set(id, (f = make()));
  const bytes = Buffer.from(data, 'base64');
  const out = f(new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)));
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength).toString('base64');
}
