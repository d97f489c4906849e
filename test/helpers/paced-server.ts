/**
 * A protocol server for pacing tests: it answers chunk k of a socket (0-based) after `replyMs(k)`
 * ms, never when that is null (the chunk still counts in chunks_processed), or, for 'next', only
 * when the next chunk arrives (just before that one's reply: a closed-paced client sends the next
 * chunk only after giving this one up, so its reply is late by construction, whatever the
 * machine's timing). Replies go in order,
 * and tags each reply with its chunk (total_latency = k), so a test can tell which chunk a reply
 * was matched to. It logs what it saw, in order: `in k` when chunk k arrived, `out k` when its
 * reply went. Real HTTP and WebSocket on 127.0.0.1, port 0.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { replyQueue } from './reply-queue.js';

export interface PacedServer {
  url: string;
  log: string[];
  created: Set<string>;
  deleted: Set<string>;
  close(): Promise<void>;
}

export async function startPacedServer(replyMs: (k: number) => number | null | 'next'): Promise<PacedServer> {
  const log: string[] = [];
  const created = new Set<string>();
  const deleted = new Set<string>();
  const http = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.url === '/api/health') return send(200, { status: 'healthy' });
      if (req.method === 'POST' && req.url === '/api/pipeline/realtime/start') {
        const id = randomUUID();
        created.add(id);
        return send(200, { session_id: id, pipeline_id: 'p', status: 'running' });
      }
      const del = /^\/api\/pipeline\/realtime\/([^/]+)$/.exec(req.url ?? '');
      if (req.method === 'DELETE' && del && created.has(del[1])) {
        deleted.add(del[1]);
        return send(200, { success: true });
      }
      send(404, { detail: 'Not Found' });
    });
  });
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (ws) => {
    let k = 0;
    let held: number | null = null;
    const out = replyQueue();
    ws.on('close', () => out.close());
    const reply = (seq: number) => {
      if (ws.readyState !== ws.OPEN) return;
      log.push(`out ${seq}`);
      ws.send(`{"type": "metrics", "metrics": {"total_latency": ${seq}, "chunks_processed": ${seq + 1}}}`);
    };
    ws.on('message', (data) => {
      if (!data.toString().includes('"audio_chunk"')) return;
      const seq = k++;
      log.push(`in ${seq}`);
      const late = held;
      if (late !== null) out.after(0, () => reply(late));
      held = null;
      const delay = replyMs(seq);
      if (delay === 'next') held = seq;
      else if (delay !== null) out.after(delay, () => reply(seq));
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    log, created, deleted,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
    },
  };
}
