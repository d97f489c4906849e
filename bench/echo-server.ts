/**
 * A minimal protocol echo server for benchmarks: creates sessions, answers each audio_chunk with
 * processed_audio (the input echoed) and metrics. No DSP, so the client's cost dominates.
 * `delayMs` > 0 holds each reply that long (a fixed server latency), replies staying in order.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

export async function startEchoServer(port = 0, delayMs = 0): Promise<{ port: number; close: () => Promise<void> }> {
  let next = 0;
  const http = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.method === 'POST') res.end(JSON.stringify({ session_id: `s${++next}`, status: 'running' }));
      else res.end('{"status":"healthy","success":true}');
    });
  });
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  wss.on('connection', (ws) => {
    let n = 0;
    ws.on('message', (data: Buffer) => {
      const text = data.toString('latin1');
      const at = text.indexOf('"data":"');
      if (at < 0) return;
      const audio = text.slice(at + 8, text.indexOf('"', at + 8));
      const seq = ++n;
      const reply = () => {
        ws.send(`{"type": "processed_audio", "audio": "${audio}"}`);
        ws.send(`{"type": "metrics", "metrics": {"total_latency": 0.01, "chunks_processed": ${seq}, "average_latency": 0.01, "quality_metrics": {"snr": 0.0, "rms": -3.01}, "cpu_usage": 0.0}}`);
      };
      if (delayMs > 0) setTimeout(reply, delayMs);
      else reply();
    });
  });
  await new Promise<void>((r) => http.listen(port, '127.0.0.1', r));
  return {
    port: (http.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      http.closeAllConnections();
      http.close(() => r());
    }),
  };
}
