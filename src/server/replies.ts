/**
 * Server → client WebSocket frames, built as strings: the hot path sends two per chunk, and
 * concatenation avoids building and walking an object tree for each.
 */

/** The constant pong frame. */
export const PONG = '{"type":"pong"}';

/** A finite number as JSON, rounded to 3 decimals (µs for ms values); non-finite becomes 0. */
export function num(x: number): string {
  return Number.isFinite(x) ? String(Math.round(x * 1000) / 1000) : '0';
}

/** `{"type":"error","error":...}` */
export function errorFrame(message: string): string {
  return `{"type":"error","error":${JSON.stringify(message)}}`;
}

/** `{"type":"processed_audio","audio":...}`; base64 needs no JSON escaping. */
export function processedAudioFrame(base64: string): string {
  return `{"type":"processed_audio","audio":"${base64}"}`;
}

/** `{"type":"config_updated",...}` */
export function configUpdatedFrame(stageId: string): string {
  return `{"type":"config_updated","stage_id":${JSON.stringify(stageId)},"success":true}`;
}

/** Numbers that go into one `metrics` frame. */
export interface ChunkMetrics {
  totalLatencyMs: number;
  chunksProcessed: number;
  averageLatencyMs: number;
  snrDb: number;
  rmsDbfs: number;
  cpuUsage: number;
  stageLatenciesMs: Record<string, number>;
}

/** `{"type":"metrics","metrics":{...}}` */
export function metricsFrame(m: ChunkMetrics): string {
  return (
    `{"type":"metrics","metrics":{"total_latency":${num(m.totalLatencyMs)},` +
    `"chunks_processed":${m.chunksProcessed},"average_latency":${num(m.averageLatencyMs)},` +
    `"quality_metrics":{"snr":${num(m.snrDb)},"rms":${num(m.rmsDbfs)}},` +
    `"cpu_usage":${num(m.cpuUsage)},"stage_latencies":${stageLatencies(m.stageLatenciesMs)}}}`
  );
}

/** Stage names repeat on every chunk: escape each once. */
const keyCache = new Map<string, string>();

function stageLatencies(ms: Record<string, number>): string {
  let out = '{';
  for (const key in ms) {
    let k = keyCache.get(key);
    if (k === undefined) {
      k = `${JSON.stringify(key)}:`;
      if (keyCache.size < 10_000) keyCache.set(key, k);
    }
    out += (out.length > 1 ? ',' : '') + k + num(ms[key]);
  }
  return `${out}}`;
}
