/** FFT and loudness analysis endpoints (protocol.md section 3): computed for real on the decoded PCM. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { analyzeFft, analyzeLoudness, FFT_WINDOW_SIZES, MEASUREMENT_TYPES, type MeasurementType } from '../dsp/index.js';
import { audioDataField, sampleRateField } from './audio-fields.js';
import { numberField, readRequestBody, stringField } from './body.js';
import { isoNow } from './http-util.js';
import type { Route, RouteContext } from './router.js';

async function fft(req: IncomingMessage, ctx: RouteContext) {
  const body = await readRequestBody(req, ctx.options.maxBodyBytes);
  // Ranges and allowed values are the DSP's to check (DspConfigError → 422); here only types.
  const windowSize = numberField(body, 'window_size', 2048, FFT_WINDOW_SIZES[0], FFT_WINDOW_SIZES[FFT_WINDOW_SIZES.length - 1]);
  const overlap = numberField(body, 'overlap', 0.5, 0, 0.9);
  const windowType = stringField(body, 'window_type', 'hann');
  const sampleRate = sampleRateField(body);
  const pcm = audioDataField(body);
  const result = analyzeFft(pcm, sampleRate, { windowSize, overlap, windowType });
  return {
    analysis_id: randomUUID(),
    analysis_type: 'fft',
    parameters: { window_size: windowSize, overlap, window_type: windowType, sample_rate: sampleRate },
    result,
    timestamp: isoNow(),
  };
}

async function lufs(req: IncomingMessage, ctx: RouteContext) {
  const body = await readRequestBody(req, ctx.options.maxBodyBytes);
  const measurementType = stringField(body, 'measurement_type', 'integrated', MEASUREMENT_TYPES) as MeasurementType;
  const targetLufs = numberField(body, 'target_lufs', -23, -60, 0);
  const sampleRate = sampleRateField(body);
  const pcm = audioDataField(body);
  const result = analyzeLoudness(pcm, sampleRate, { measurementType, targetLufs });
  return {
    analysis_id: randomUUID(),
    analysis_type: 'lufs',
    parameters: { measurement_type: measurementType, target_lufs: targetLufs, sample_rate: sampleRate },
    result,
    timestamp: isoNow(),
  };
}

/** Analysis routes. */
export const analysisRoutes: Route[] = [
  { method: 'POST', path: /^\/api\/audio\/analyze\/fft\/?$/, handler: fft },
  { method: 'POST', path: /^\/api\/audio\/analyze\/lufs\/?$/, handler: lufs },
];
