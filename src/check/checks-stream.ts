/** Streaming checks: ping, chunks and their metrics, concurrency and reconnects (protocol.md section 2). */
import { CHUNK_BASE64, decodePcm } from './audio.js';
import { numberAt, type CheckContext } from './context.js';
import { PING_FRAME } from '../load/protocol.js';
import type { CheckSocket, Frame } from './socket.js';
import { fail, type CheckDef } from './types.js';

/** The guide's bound on the server-reported processing time of one chunk. */
export const TOTAL_LATENCY_LIMIT_MS = 500;
const METRIC_KEYS = ['total_latency', 'chunks_processed', 'average_latency', 'quality_metrics', 'cpu_usage'];
const CHUNK_SAMPLES = (decodePcm(CHUNK_BASE64) as { samples: number }).samples;

async function ping(ctx: CheckContext): Promise<void> {
  const { socket } = await ctx.openSession();
  socket.send(PING_FRAME);
  await ctx.expect(socket, 'pong');
}

/** Its chunks_processed; the counter must rise by exactly one per chunk. */
function counterOf(metrics: Frame, expected: number): number {
  const n = numberAt(metrics, 'chunks_processed');
  if (n !== expected) fail(`chunks_processed ${expected}`, `chunks_processed ${String(n)}`);
  return n;
}

async function oneChunk(ctx: CheckContext): Promise<void> {
  const { socket } = await ctx.openSession();
  const { audio, metrics } = await ctx.chunk(socket);
  const decoded = decodePcm(audio.audio);
  if ('problem' in decoded) fail('processed_audio with valid base64 16-bit PCM', decoded.problem);
  if (decoded.samples !== CHUNK_SAMPLES) fail(`processed_audio of ${CHUNK_SAMPLES} samples (as sent)`, `${decoded.samples} samples`);
  const m = (metrics.metrics ?? {}) as Record<string, unknown>;
  const missing = METRIC_KEYS.filter((k) => m[k] === undefined || m[k] === null);
  if (missing.length) fail(`metrics with ${METRIC_KEYS.join(', ')}`, `missing ${missing.join(', ')}`);
  counterOf(metrics, 1);
  const total = numberAt(metrics, 'total_latency');
  if (total === null || total >= TOTAL_LATENCY_LIMIT_MS) {
    fail(`total_latency < ${TOTAL_LATENCY_LIMIT_MS} ms`, `total_latency ${JSON.stringify(m.total_latency)}`);
  }
}

async function stream(ctx: CheckContext, socket: CheckSocket, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i++) counterOf((await ctx.chunk(socket)).metrics, i);
}

async function tenChunks(ctx: CheckContext): Promise<void> {
  const { socket } = await ctx.openSession();
  await stream(ctx, socket, 1, 10);
}

async function concurrent(ctx: CheckContext): Promise<void> {
  const opened = await Promise.all([0, 1, 2].map(() => ctx.openSession()));
  const answered = await Promise.allSettled(opened.map(({ socket }) => stream(ctx, socket, 1, 3)));
  const failed = answered.flatMap((r, i) => (r.status === 'rejected' ? [`session ${i + 1}: ${(r.reason as Error).message}`] : []));
  if (failed.length) fail('3 concurrent sessions, each answering 3 chunks in order', failed.join('; '));
}

/** A socket the client closes and reopens on the same session keeps the session's counter. */
async function reconnect(ctx: CheckContext): Promise<void> {
  const { id, socket } = await ctx.openSession();
  await stream(ctx, socket, 1, 2);
  await socket.close();
  const { socket: again } = await ctx.connect(id);
  await stream(ctx, again, 3, 2);
}

/** Checks of streaming on the real-time socket. */
export const STREAM_CHECKS: CheckDef[] = [
  { name: 'ping', description: 'ping → pong', run: ping },
  {
    name: 'chunk',
    description: `one 100 ms chunk → processed_audio (valid PCM, same length), then metrics with its keys, chunks_processed 1, total_latency < ${TOTAL_LATENCY_LIMIT_MS} ms`,
    run: oneChunk,
  },
  { name: 'ten-chunks', description: 'ten chunks → chunks_processed 1, 2, … 10', run: tenChunks },
  { name: 'concurrent-sessions', description: 'three sessions at once, every chunk answered in order', run: concurrent },
  { name: 'reconnect', description: 'close the socket, reopen it on the same session: chunks_processed continues (3, 4)', run: reconnect },
];
