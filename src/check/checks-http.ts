/**
 * The HTTP processing and analysis endpoints (protocol.md section 3). Analysis is checked with
 * signals whose answers are known, two per endpoint, so answers that ignore the audio (the
 * original server's random placeholders) cannot pass by luck.
 */
import { decodeWav } from '../dsp/index.js';
import { DEFAULT_PIPELINE } from '../scenario.js';
import { SAMPLE_RATE, decodePcm, toneBase64, toneWav } from './audio.js';
import type { CheckContext } from './context.js';
import { ask, describeReply, type HttpReply } from './http.js';
import { fail, type CheckDef } from './types.js';

type Json = Record<string, unknown>;
const BATCH_SECONDS = 2;
/** Two bins of a 2048-point FFT at 16 kHz. */
const PEAK_TOLERANCE_HZ = 2 * (SAMPLE_RATE / 2048);
/** ITU-R BS.1770: a 997 Hz sine at 0 dBFS peak in one channel reads -3.01 LUFS. */
const LUFS_OF_FULL_SCALE_997 = -3.01;
const LUFS_TOLERANCE = 0.1;

function ok200(r: HttpReply, what: string): Json {
  if (r.status !== 200 || typeof r.json !== 'object' || r.json === null) fail(`${what}: HTTP 200 with a JSON object`, describeReply(r));
  return r.json as Json;
}

function wavSamples(b64: unknown): number | string {
  if (typeof b64 !== 'string') return `processed_audio ${JSON.stringify(b64)}`;
  try {
    return decodeWav(new Uint8Array(Buffer.from(b64, 'base64'))).pcm.length;
  } catch (err) {
    return `processed_audio that is not a WAV file: ${(err as Error).message}`;
  }
}

async function batch(ctx: CheckContext): Promise<void> {
  const form = new FormData();
  form.set('pipeline_config', JSON.stringify({ ...DEFAULT_PIPELINE, pipeline_id: 'pipebench-check-batch' }));
  form.set('audio_file', new Blob([new Uint8Array(toneWav(440, BATCH_SECONDS, -6))], { type: 'audio/wav' }), 'pipebench.wav');
  form.set('processing_mode', 'batch');
  form.set('output_format', 'wav');
  const body = ok200(await ask(ctx.env.http, 'POST', '/api/pipeline/process', { form, signal: ctx.signal }), 'POST /api/pipeline/process');
  if (body.success !== true) {
    const errors = body.errors ?? body.detail ?? body.message;
    fail('"success": true', `"success": ${JSON.stringify(body.success)}${errors ? `, errors ${JSON.stringify(errors).slice(0, 160)}` : ''}`);
  }
  const samples = wavSamples(body.processed_audio);
  const want = BATCH_SECONDS * SAMPLE_RATE;
  if (samples !== want) fail(`processed_audio: a WAV of ${want} samples (as sent)`, typeof samples === 'number' ? `${samples} samples` : samples);
}

async function singleStage(ctx: CheckContext): Promise<void> {
  const audio = toneBase64(440, 0.5, -6);
  const r = await ask(ctx.env.http, 'POST', '/api/audio/process/stage/noise_reduction', { json: { audio_data: audio, stage_config: { strength: 0.5 } }, signal: ctx.signal });
  const result = (ok200(r, 'POST /api/audio/process/stage/noise_reduction').result ?? {}) as Json;
  if (result.status !== 'processed') fail('result.status "processed"', `result.status ${JSON.stringify(result.status)}`);
  const out = decodePcm((result.stage_result as Json | undefined)?.output_audio);
  if ('problem' in out) fail('result.stage_result.output_audio: valid base64 PCM', out.problem);
  if (out.samples !== SAMPLE_RATE / 2) fail(`output_audio of ${SAMPLE_RATE / 2} samples (as sent)`, `${out.samples} samples`);
}

/** POST an analysis and return one number of its `result`, or fail saying what came instead. */
async function analyze(ctx: CheckContext, kind: 'fft' | 'lufs', audio: string, key: string): Promise<number> {
  const r = await ask(ctx.env.http, 'POST', `/api/audio/analyze/${kind}`, { json: { audio_data: audio }, signal: ctx.signal });
  const v = ((ok200(r, `POST /api/audio/analyze/${kind}`).result ?? {}) as Json)[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fail(`result.${key}: a number`, JSON.stringify(v));
}

/** Both signals' answers within tolerance of their known values, or one failure naming all. */
async function knownAnswers(ctx: CheckContext, kind: 'fft' | 'lufs', key: string, cases: Array<{ label: string; audio: string; want: number }>, tol: number, unit: string): Promise<void> {
  const got: number[] = [];
  for (const c of cases) got.push(await analyze(ctx, kind, c.audio, key));
  const off = cases.filter((c, i) => Math.abs(got[i] - c.want) > tol).length;
  if (off === 0) return;
  const expected = cases.map((c) => `${c.label} → ${key} ${+c.want.toFixed(2)} ± ${+tol.toFixed(2)} ${unit}`).join('; ');
  const answers = cases.map((c, i) => `${c.label} → ${+got[i].toFixed(2)} ${unit}`).join('; ');
  fail(expected, answers + (off === cases.length ? ' (no answer follows the audio: placeholder values?)' : ''));
}

async function fft(ctx: CheckContext): Promise<void> {
  await knownAnswers(ctx, 'fft', 'peak_frequency', [
    { label: '1 kHz sine', audio: toneBase64(1000, 1, -20), want: 1000 },
    { label: '3 kHz sine', audio: toneBase64(3000, 1, -20), want: 3000 },
  ], PEAK_TOLERANCE_HZ, 'Hz');
}

async function lufs(ctx: CheckContext): Promise<void> {
  await knownAnswers(ctx, 'lufs', 'measured_lufs', [
    { label: '997 Hz at 0 dBFS', audio: toneBase64(997, 3, 0), want: LUFS_OF_FULL_SCALE_997 },
    { label: '997 Hz at -20 dBFS', audio: toneBase64(997, 3, -20), want: LUFS_OF_FULL_SCALE_997 - 20 },
  ], LUFS_TOLERANCE, 'LUFS');
}

/** Checks of the batch, single-stage and analysis endpoints. */
export const HTTP_CHECKS: CheckDef[] = [
  { name: 'batch', description: `POST /api/pipeline/process with a ${BATCH_SECONDS} s WAV → success, and a WAV of the same length`, run: batch },
  { name: 'single-stage', description: 'POST /api/audio/process/stage/noise_reduction → processed, same length', run: singleStage },
  { name: 'fft', description: 'FFT of 1 kHz and 3 kHz sines → peak_frequency at each (not a placeholder)', run: fft },
  { name: 'lufs', description: 'loudness of 997 Hz sines at 0 and -20 dBFS → -3.01 and -23.01 LUFS ± 0.1', run: lufs },
];
