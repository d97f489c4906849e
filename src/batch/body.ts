/**
 * What `batch` sends: the endpoint's path and a request body carrying a generated sine, built
 * once per run (pure). The whole pipeline takes multipart/form-data with a WAV file or base64
 * PCM; the single-stage and analysis endpoints take JSON with base64 PCM (protocol.md section 3).
 */
import { encodeWav } from '../dsp/index.js';
import { pcmToBase64, sineChunk } from '../load/audio.js';
import type { Endpoint } from './types.js';

export const ENDPOINT_CHOICES = 'process, stage:<name>, fft or lufs';

/** `process`, `stage:<name>`, `fft`, `lufs`; a problem names the choices. */
export function parseEndpoint(text: string): { endpoint?: Endpoint; problem?: string } {
  const t = text.trim();
  if (t === 'process' || t === 'fft' || t === 'lufs') return { endpoint: { kind: t } };
  const stage = /^stage:([A-Za-z0-9_-]+)$/.exec(t);
  if (stage) return { endpoint: { kind: 'stage', stage: stage[1] } };
  const hint = t === 'stage' ? '; name the stage, e.g. stage:noise_reduction' : '';
  return { problem: `--endpoint: "${text}" is not an endpoint; use one of ${ENDPOINT_CHOICES}${hint}` };
}

/** The endpoint's path below the target. */
export function endpointPath(e: Endpoint): string {
  switch (e.kind) {
    case 'process':
      return '/api/pipeline/process';
    case 'stage':
      return `/api/audio/process/stage/${encodeURIComponent(e.stage)}`;
    case 'fft':
      return '/api/audio/analyze/fft';
    case 'lufs':
      return '/api/audio/analyze/lufs';
  }
}

export interface AudioSpec {
  seconds: number;
  sampleRate: number;
  toneHz: number;
  levelDbfs: number;
  /** `wav`: an audio_file upload (process only); `pcm`: base64 audio_data. */
  format: 'wav' | 'pcm';
}

/** A request ready to send any number of times. */
export interface BatchRequest {
  path: string;
  contentType: string;
  body: Buffer;
}

/** Build the request for an endpoint; `pipeline` is the pipeline_config the process endpoint gets. */
export function buildRequest(e: Endpoint, audio: AudioSpec, pipeline: Record<string, unknown>): BatchRequest {
  const pcm = sineChunk({ sampleRate: audio.sampleRate, chunkMs: audio.seconds * 1000, toneHz: audio.toneHz, levelDbfs: audio.levelDbfs }, 0);
  const path = endpointPath(e);
  if (e.kind === 'process') return { path, ...multipart(processFields(pcm, audio, pipeline)) };
  const fields: Record<string, unknown> = { audio_data: pcmToBase64(pcm), sample_rate: audio.sampleRate };
  if (e.kind === 'stage') fields.stage_config = {};
  if (e.kind === 'fft') Object.assign(fields, { window_size: 2048, overlap: 0.5, window_type: 'hann' });
  if (e.kind === 'lufs') Object.assign(fields, { measurement_type: 'integrated', target_lufs: -23 });
  return { path, contentType: 'application/json', body: Buffer.from(JSON.stringify(fields)) };
}

type Part = { name: string; value: string } | { name: string; filename: string; type: string; data: Uint8Array };

function processFields(pcm: Int16Array, audio: AudioSpec, pipeline: Record<string, unknown>): Part[] {
  const parts: Part[] = [
    { name: 'pipeline_config', value: JSON.stringify({ pipeline_id: 'pipebench-batch', ...pipeline }) },
    { name: 'processing_mode', value: 'batch' },
    { name: 'output_format', value: 'base64' },
  ];
  if (audio.format === 'wav') parts.push({ name: 'audio_file', filename: 'pipebench.wav', type: 'audio/wav', data: encodeWav(pcm, audio.sampleRate) });
  else parts.push({ name: 'audio_data', value: pcmToBase64(pcm) }, { name: 'sample_rate', value: String(audio.sampleRate) });
  return parts;
}

/** multipart/form-data (RFC 7578), encoded once so every request reuses the same bytes. */
export function multipart(parts: Part[]): { contentType: string; body: Buffer } {
  const boundary = `----pipebench${'x'.repeat(8)}${Date.now().toString(36)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const head = 'filename' in p
      ? `Content-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type}`
      : `Content-Disposition: form-data; name="${p.name}"`;
    chunks.push(Buffer.from(`--${boundary}\r\n${head}\r\n\r\n`));
    chunks.push('filename' in p ? Buffer.from(p.data) : Buffer.from(p.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) };
}
