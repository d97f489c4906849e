/**
 * How the reference server holds up on its hot path: N sessions at 10 chunks/s against an
 * embedded (child-process) server, so client and server do not share an event loop.
 * Usage: node dist/bench/server-load.js [sessions=300] [seconds=10]
 * Prints reply latency percentiles (due time → metrics) and the server's own cpu_usage.
 */
import WebSocket from 'ws';
import { startEmbeddedServer } from '../src/server/embedded.js';

const SESSIONS = Number(process.argv[2] ?? 300);
const SECONDS = Number(process.argv[3] ?? 10);
const CHUNK_MS = 100;

function chunk(): string {
  const pcm = new Int16Array(1600);
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(Math.sin((2 * Math.PI * 440 * i) / 16000) * 8000);
  return JSON.stringify({ type: 'audio_chunk', data: Buffer.from(pcm.buffer).toString('base64'), timestamp: 0 });
}

async function createSession(url: string): Promise<string> {
  const res = await fetch(`${url}/api/pipeline/realtime/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      pipeline_config: { stages: { vad: {}, noise_reduction: {}, voice_enhancement: {} }, connections: [] },
    }),
  });
  return ((await res.json()) as { session_id: string }).session_id;
}

/** One session: send on an absolute schedule, record due → metrics latency. */
function runSession(url: string, id: string, frame: string, t0: number, latencies: number[], cpu: number[], processing: number[]): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/pipeline/realtime/${id}`, { perMessageDeflate: false });
    const due: number[] = [];
    let seq = 0;
    const total = (SECONDS * 1000) / CHUNK_MS;
    const tick = () => {
      const next = t0 + seq * CHUNK_MS;
      if (seq >= total) return;
      setTimeout(() => {
        due.push(next);
        ws.send(frame);
        seq++;
        tick();
      }, Math.max(0, next - performance.now()));
    };
    ws.on('open', tick);
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString());
      if (m.type !== 'metrics' && m.type !== 'error') return;
      latencies.push(performance.now() - due.shift()!);
      if (m.type === 'metrics') {
        cpu.push(m.metrics.cpu_usage);
        processing.push(m.metrics.total_latency);
      }
      if (seq >= total && due.length === 0) ws.close();
    });
    ws.on('close', () => resolve());
  });
}

function percentiles(values: number[]): string {
  const v = [...values].sort((a, b) => a - b);
  const p = (q: number) => v[Math.min(v.length - 1, Math.floor(q * v.length))].toFixed(2);
  return `p50 ${p(0.5)}  p90 ${p(0.9)}  p99 ${p(0.99)}  max ${p(1)}`;
}

async function main(): Promise<void> {
  const server = await startEmbeddedServer();
  try {
    const ids = await Promise.all(Array.from({ length: SESSIONS }, () => createSession(server.url)));
    const frame = chunk();
    const latencies: number[] = [];
    const cpu: number[] = [];
    const processing: number[] = [];
    const t0 = performance.now() + 500;
    // Spread sessions across the chunk interval, as a real load tool staggers them.
    await Promise.all(ids.map((id, i) => runSession(server.url, id, frame, t0 + (i * CHUNK_MS) / SESSIONS, latencies, cpu, processing)));
    const sum = processing.reduce((a, b) => a + b, 0);
    console.log(`${SESSIONS} sessions x ${1000 / CHUNK_MS} chunks/s for ${SECONDS}s: ${latencies.length} replies`);
    console.log(`reply latency ms (due → metrics): ${percentiles(latencies)}`);
    console.log(`server processing ms (total_latency): ${percentiles(processing)}; ${(sum / (SECONDS * 10)).toFixed(1)}% of one core`);
    console.log(`server cpu_usage (% of one core): last ${cpu[cpu.length - 1]}, max ${Math.max(...cpu)}`);
  } finally {
    await server.stop();
  }
}

await main();
