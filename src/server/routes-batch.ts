/**
 * Whole-pipeline batch processing, `POST /api/pipeline/process` (protocol.md section 3): a WAV
 * upload or base64 PCM through a fresh chain built from the request's pipeline_config.
 */
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { analyzeLoudness, decodeWav, DspConfigError, encodeWav, pcmToBase64, processPipeline, type PipelineConfig } from '../dsp/index.js';
import { audioDataField, round3, sampleRateField } from './audio-fields.js';
import { jsonField, readRequestBody, stringField, type RequestBody } from './body.js';
import { fromDspError, HttpError } from './http-util.js';
import { checkPipelineConfig } from './pipeline-config.js';
import type { Route, RouteContext } from './router.js';

const OUTPUT_FORMATS = ['wav', 'base64'] as const;

/** PCM and its rate from `audio_file` (WAV) or `audio_data` (base64 PCM at `sample_rate`). */
function readAudio(body: RequestBody): { pcm: Int16Array; sampleRate: number } {
  const file = body.files.get('audio_file');
  if (file && file.length > 0) {
    try {
      const wav = decodeWav(new Uint8Array(file.buffer, file.byteOffset, file.byteLength));
      return { pcm: wav.pcm, sampleRate: wav.sampleRate };
    } catch (err) {
      if (err instanceof DspConfigError) throw fromDspError(err);
      throw err;
    }
  }
  return { pcm: audioDataField(body), sampleRate: sampleRateField(body) };
}

/** processPipeline (a fresh chain, delay compensated), its config errors placed under pipeline_config. */
function runPipeline(config: PipelineConfig, pcm: Int16Array, sampleRate: number) {
  try {
    return processPipeline(config, pcm, sampleRate);
  } catch (err) {
    if (err instanceof DspConfigError) throw fromDspError(err, 'pipeline_config');
    throw err;
  }
}

async function processBatch(req: IncomingMessage, ctx: RouteContext) {
  const body = await readRequestBody(req, ctx.options.maxBodyBytes);
  const config = checkPipelineConfig(jsonField(body, 'pipeline_config'));
  const outputFormat = stringField(body, 'output_format', 'wav', OUTPUT_FORMATS);
  stringField(body, 'processing_mode', 'batch');
  jsonField(body, 'metadata');
  const { pcm, sampleRate } = readAudio(body);
  if (pcm.length === 0) throw new HttpError(400, 'No audio data provided');
  const t0 = performance.now();
  const r = runPipeline(config, pcm, sampleRate);
  const totalLatencyMs = performance.now() - t0;
  const loudness = analyzeLoudness(r.output, sampleRate, { measurementType: 'integrated', targetLufs: -23 });
  const audio = outputFormat === 'wav' ? Buffer.from(encodeWav(r.output, sampleRate)).toString('base64') : pcmToBase64(r.output);
  return {
    success: true,
    pipeline_id: config.pipeline_id ?? null,
    processed_audio: audio,
    metrics: {
      total_latency: round3(totalLatencyMs),
      stage_latencies: Object.fromEntries(Object.entries(r.stageLatenciesMs).map(([k, v]) => [k, round3(v)])),
      quality_metrics: { snr: round3(r.snrDb), lufs: loudness.measured_lufs, rms: round3(r.rmsDbfs) },
      cpu_usage: ctx.cpu.usage,
    },
    stage_outputs: null,
    errors: null,
    warnings: null,
  };
}

/** Batch route. */
export const batchRoutes: Route[] = [{ method: 'POST', path: /^\/api\/pipeline\/process\/?$/, handler: processBatch }];
