/**
 * A stand-in for the ORIGINAL LiveTranslate orchestration service, bugs included (protocol.md):
 * update_stage of a known stage fails with "Config update failed…", a frame it cannot parse gets
 * an error and then a drop without a close frame, batch processing answers 200 success:false,
 * FFT and LUFS answer random placeholders without decoding the audio, processing is a
 * passthrough with snr and cpu_usage 0. Real HTTP and WebSocket on 127.0.0.1, port 0.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface BuggyServer {
  url: string;
  /** Session ids created and deleted over the server's life. */
  created: Set<string>;
  deleted: Set<string>;
  close(): Promise<void>;
}

interface Session {
  stages: string[];
  chunks: number;
  socket: WebSocket | null;
}

const CONFIG_BUG = "Config update failed: 'AudioCoordinator' object has no attribute 'apply_pipeline_config'";
const BATCH_BUG = "'AudioCoordinator' object has no attribute 'process_pipeline_batch'";

export async function startBuggyServer(): Promise<BuggyServer> {
  const sessions = new Map<string, Session>();
  const created = new Set<string>();
  const deleted = new Set<string>();
  const http = createServer((req, res) => {
    readBody(req).then((body) => route(req, res, body, sessions, created, deleted));
  });
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req, socket, head) => {
    const id = decodeURIComponent(/\/api\/pipeline\/realtime\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? '');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const s = sessions.get(id);
      if (!s) {
        ws.send(JSON.stringify({ type: 'error', error: 'Session not found' }));
        return ws.close(1000);
      }
      s.socket = ws;
      ws.on('message', (data, isBinary) => onMessage(ws, s, data as Buffer, isBinary));
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    created,
    deleted,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
  });
}

function json(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function route(req: IncomingMessage, res: ServerResponse, body: string, sessions: Map<string, Session>, created: Set<string>, deleted: Set<string>): void {
  const send = (status: number, payload: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(payload));
  };
  const url = req.url ?? '';
  const one = /^\/api\/pipeline\/realtime\/([^/]+)$/.exec(url);
  if (req.method === 'GET' && url === '/api/health') return send(200, { status: 'healthy', version: '1.0.0-original' });
  if (req.method === 'POST' && url === '/api/pipeline/realtime/start') {
    const cfg = json(body)?.pipeline_config as { stages?: Record<string, unknown> } | undefined;
    if (!cfg || typeof cfg.stages !== 'object') return send(500, { detail: "Failed to start session: 'pipeline_config'" });
    const id = randomUUID();
    sessions.set(id, { stages: Object.keys(cfg.stages ?? {}), chunks: 0, socket: null });
    created.add(id);
    return send(200, { session_id: id, pipeline_id: 'p', status: 'running', metrics: { chunks_processed: 0, average_latency: 0, quality_score: 0 } });
  }
  if (req.method === 'DELETE' && one) {
    const id = decodeURIComponent(one[1]);
    const s = sessions.get(id);
    if (!s) return send(404, { detail: 'Session not found' });
    sessions.delete(id);
    deleted.add(id);
    s.socket?.close(1000);
    return send(200, { success: true, message: `Session ${id} stopped` });
  }
  if (req.method === 'POST' && url === '/api/pipeline/process') {
    return send(200, { success: false, pipeline_id: null, processed_audio: null, metrics: null, errors: [BATCH_BUG] });
  }
  const stage = /^\/api\/audio\/process\/stage\/([^/]+)$/.exec(url);
  if (req.method === 'POST' && stage) {
    const audio = json(body)?.audio_data;
    const result = { status: 'processed', stage_result: { output_audio: audio }, processing_time: 1.2 };
    return send(200, { stage_id: `stage_${stage[1]}_1`, stage_name: stage[1], stage_config: {}, result, timestamp: new Date().toISOString() });
  }
  if (req.method === 'POST' && url === '/api/audio/analyze/fft') {
    return send(200, { analysis_type: 'fft', result: { sample_rate: 16000, peak_frequency: 100 + Math.random() * 7000, spectral_centroid: Math.random() * 4000 } });
  }
  if (req.method === 'POST' && url === '/api/audio/analyze/lufs') {
    return send(200, { analysis_type: 'lufs', result: { measured_lufs: -40 + Math.random() * 30, target_lufs: -23 } });
  }
  send(404, { detail: 'Not Found' });
}

/** The original's `base64.b64decode` (non-validating): junk characters dropped, padding enforced. */
function pythonB64(data: string): Buffer | string {
  const clean = data.replace(/[^A-Za-z0-9+/=]/g, '').replace(/=+$/, '');
  if (clean.length % 4 === 1) return `Invalid base64-encoded string: number of data characters (${clean.length}) cannot be 1 more than a multiple of 4`;
  if (data.replace(/[^A-Za-z0-9+/=]/g, '').length % 4 !== 0) return 'Incorrect padding';
  return Buffer.from(clean, 'base64');
}

function onMessage(ws: WebSocket, s: Session, data: Buffer, isBinary: boolean): void {
  const error = (e: string) => ws.send(JSON.stringify({ type: 'error', error: e }));
  const msg = isBinary ? undefined : json(data.toString('utf8'));
  // The original's receive loop dies on anything it cannot read: error, then a drop without close frame.
  if (!msg || typeof msg.type !== 'string') {
    error(isBinary ? "'text'" : msg ? "'type'" : 'Expecting value: line 1 column 1 (char 0)');
    return void ws.terminate();
  }
  if (msg.type === 'ping') return ws.send(JSON.stringify({ type: 'pong' }));
  if (msg.type === 'update_stage') {
    return error(s.stages.includes(String(msg.stage_id)) ? CONFIG_BUG : `Stage ${String(msg.stage_id)} not found`);
  }
  if (msg.type !== 'audio_chunk') return;
  const pcm = pythonB64(String(msg.data ?? ''));
  if (typeof pcm === 'string') return error(`Chunk processing failed: ${pcm}`);
  if (pcm.length % 2 !== 0) return error('Chunk processing failed: buffer size must be a multiple of element size');
  s.chunks++;
  if (pcm.length > 0) ws.send(JSON.stringify({ type: 'processed_audio', audio: msg.data }));
  const metrics = { total_latency: 0.109, chunks_processed: s.chunks, average_latency: 0.109, quality_metrics: { snr: 0.0, rms: -3.01 }, cpu_usage: 0.0 };
  ws.send(JSON.stringify({ type: 'metrics', metrics }));
}
