/** Audio inputs of the HTTP endpoints: base64 `audio_data` and an optional `sample_rate`. */
import { DspConfigError, pcmFromBase64 } from '../dsp/index.js';
import { numberField, type RequestBody } from './body.js';
import { fromDspError, HttpError, unprocessable } from './http-util.js';
import { DEFAULT_SAMPLE_RATE } from './pipeline-config.js';

/** The decoded `audio_data` field; 400 `No audio data provided` when absent or empty, 422 when not PCM. */
export function audioDataField(body: RequestBody): Int16Array {
  const b64 = body.fields.audio_data;
  if (b64 === undefined || b64 === null || b64 === '') throw new HttpError(400, 'No audio data provided');
  if (typeof b64 !== 'string') throw unprocessable('audio_data', 'must be a base64 string');
  try {
    return pcmFromBase64(b64, 'audio_data');
  } catch (err) {
    if (err instanceof DspConfigError) throw fromDspError(err);
    throw err;
  }
}

/** `sample_rate` of raw PCM inputs; 16 kHz as the protocol says when absent. */
export function sampleRateField(body: RequestBody): number {
  return Math.round(numberField(body, 'sample_rate', DEFAULT_SAMPLE_RATE, 8000, 192_000));
}

/** Round to 3 decimals (µs for milliseconds), for numbers reported to clients. */
export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
