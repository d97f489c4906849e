/** The stage catalogue and single-stage processing (protocol.md section 3). */
import type { IncomingMessage } from 'node:http';
import * as dsp from '../dsp/index.js';
import { pcmToBase64 } from '../dsp/index.js';

// TEMPORARY until the DSP exports land: a namespace import does not fail at link time.
const { processStage, STAGE_CATALOGUE } = dsp as unknown as {
  processStage: (n: string, c: Record<string, unknown>, p: Int16Array, r: number) => { output: Int16Array; stageConfig: Record<string, unknown>; processingMs: number; details: Record<string, unknown> };
  STAGE_CATALOGUE: Record<string, { description: string; defaults: Record<string, unknown> }>;
};
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

/** JSON body `{audio_data, stage_config}`, or the same two fields as a form (stage_config as JSON text). */
async function processOneStage(req: IncomingMessage, ctx: RouteContext, [name]: string[]) {
  catalogueEntry(name);
  const body = await readRequestBody(req, ctx.options.maxBodyBytes);
  const config = jsonField(body, 'stage_config') ?? {};
  if (!isObject(config)) throw unprocessable('stage_config', 'must be a JSON object');
  const sampleRate = sampleRateField(body);
  const pcm = audioDataField(body);
  const r = processStage(name, config, pcm, sampleRate);
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
