/** The stage catalogue and single-stage processing (protocol.md section 3). */
import type { IncomingMessage } from 'node:http';
import { DspConfigError, pcmToBase64, processStage, STAGE_CATALOGUE } from '../dsp/index.js';
import { audioDataField, round3, sampleRateField } from './audio-fields.js';
import { jsonField, readRequestBody } from './body.js';
import { HttpError, isObject, isoNow, unprocessable } from './http-util.js';
import type { Route, RouteContext } from './router.js';

function catalogueEntry(name: string) {
  const entry = Object.prototype.hasOwnProperty.call(STAGE_CATALOGUE, name) ? STAGE_CATALOGUE[name] : undefined;
  if (!entry) {
    throw new HttpError(404, `Stage '${name}' not found; known stages: ${Object.keys(STAGE_CATALOGUE).join(', ')}`);
  }
  return entry;
}

function describeStage(name: string) {
  const { description, defaults } = catalogueEntry(name);
  return { description, parameters: Object.keys(defaults), default_config: defaults };
}

function stagesInfo() {
  const names = Object.keys(STAGE_CATALOGUE);
  const available_stages = Object.fromEntries(names.map((n) => [n, describeStage(n)]));
  return { available_stages, total_stages: names.length, timestamp: isoNow() };
}

function stageConfig(_req: IncomingMessage, _ctx: RouteContext, [name]: string[]) {
  return { stage_name: name, ...describeStage(name), timestamp: isoNow() };
}

/** `stage_<name>_<YYYYMMDD_HHMMSS_ffffff>`, the original server's id format. */
function stageRunId(name: string): string {
  const iso = new Date().toISOString(); // 2026-11-25T04:31:42.123Z
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}_${iso.slice(11, 19).replaceAll(':', '')}_${iso.slice(20, 23)}000`;
  return `stage_${name}_${stamp}`;
}

/** processStage, with an unknown stage (the DSP also knows mapped names) as a 404. */
function runStage(name: string, config: Record<string, unknown>, pcm: Int16Array, sampleRate: number) {
  try {
    return processStage(name, config, pcm, sampleRate);
  } catch (err) {
    if (err instanceof DspConfigError && err.field === 'stage_name') throw new HttpError(404, err.message);
    throw err;
  }
}

/** JSON body `{audio_data, stage_config}`, or the same two fields as a form (stage_config as JSON text). */
async function processOneStage(req: IncomingMessage, ctx: RouteContext, [name]: string[]) {
  const body = await readRequestBody(req, ctx.options.maxBodyBytes);
  const config = jsonField(body, 'stage_config') ?? {};
  if (!isObject(config)) throw unprocessable('stage_config', 'must be a JSON object');
  const sampleRate = sampleRateField(body);
  const pcm = audioDataField(body);
  const r = runStage(name, config, pcm, sampleRate);
  const audio = pcmToBase64(r.output);
  return {
    stage_id: stageRunId(name),
    stage_name: name,
    stage_config: r.stageConfig,
    result: {
      status: 'processed',
      stage_name: name,
      input_size: pcm.byteLength,
      processing_time: round3(r.processingMs),
      stage_result: { output_audio: audio, ...r.details },
      config_applied: r.stageConfig,
    },
    processed_audio: audio,
    timestamp: isoNow(),
  };
}

/** Stage routes. */
export const stageRoutes: Route[] = [
  { method: 'GET', path: /^\/api\/audio\/stages\/info\/?$/, handler: stagesInfo },
  { method: 'GET', path: /^\/api\/audio\/stages\/([^/]+)\/config\/?$/, handler: stageConfig },
  { method: 'POST', path: /^\/api\/audio\/process\/stage\/([^/]+)\/?$/, handler: processOneStage },
];
