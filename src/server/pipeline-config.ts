/**
 * Validation of `pipeline_config` and `session_config` (protocol.md section 1) at the edge, so a
 * malformed body is a 422 naming the field, never a crash deeper down. Stage parameters are the
 * DSP's business: createChain checks those and names the field in its DspConfigError.
 */
import { createChain, DspConfigError, type Chain, type PipelineConfig } from '../dsp/index.js';
import { fromDspError, isObject, unprocessable } from './http-util.js';

/** Audio is 16 kHz unless session_config says otherwise (protocol.md). */
export const DEFAULT_SAMPLE_RATE = 16_000;

const P = 'pipeline_config';

/** Check the shape of a pipeline_config; returns it typed, or throws a 422 HttpError. */
export function checkPipelineConfig(value: unknown): PipelineConfig {
  if (value === undefined || value === null) throw unprocessable(P, 'is required');
  if (!isObject(value)) throw unprocessable(P, 'must be a JSON object');
  for (const key of ['pipeline_id', 'name'] as const) {
    if (value[key] !== undefined && typeof value[key] !== 'string') throw unprocessable(`${P}.${key}`, 'must be a string');
  }
  const stages = value.stages;
  if (!isObject(stages)) throw unprocessable(`${P}.stages`, 'must be an object keyed by stage name');
  for (const [name, stage] of Object.entries(stages)) checkStage(`${P}.stages.${name}`, stage);
  checkConnections(value.connections, stages);
  return value as unknown as PipelineConfig;
}

function checkStage(field: string, stage: unknown): void {
  if (!isObject(stage)) throw unprocessable(field, 'must be a JSON object');
  if (stage.enabled !== undefined && typeof stage.enabled !== 'boolean') throw unprocessable(`${field}.enabled`, 'must be true or false');
  for (const gain of ['gain_in', 'gain_out'] as const) {
    const g = stage[gain];
    if (g !== undefined && (typeof g !== 'number' || !Number.isFinite(g) || g < -20 || g > 20)) {
      throw unprocessable(`${field}.${gain}`, 'must be a number of dB from -20 to 20');
    }
  }
  if (stage.parameters !== undefined && !isObject(stage.parameters)) throw unprocessable(`${field}.parameters`, 'must be a JSON object');
}

function checkConnections(connections: unknown, stages: Record<string, unknown>): void {
  if (connections === undefined) return;
  if (!Array.isArray(connections)) throw unprocessable(`${P}.connections`, 'must be an array');
  connections.forEach((c: unknown, i) => {
    const field = `${P}.connections[${i}]`;
    if (!isObject(c)) throw unprocessable(field, 'must be a JSON object');
    for (const end of ['source_stage_id', 'target_stage_id'] as const) {
      if (typeof c[end] !== 'string') throw unprocessable(`${field}.${end}`, 'must be a string');
      if (!(c[end] in stages)) throw unprocessable(`${field}.${end}`, `names no stage in ${P}.stages: '${c[end]}'`);
    }
  });
}

/** The sample rate a session_config asks for (16 kHz when absent); 422 on nonsense. */
export function checkSessionConfig(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_SAMPLE_RATE;
  if (!isObject(value)) throw unprocessable('session_config', 'must be a JSON object');
  const rate = value.sample_rate;
  if (rate !== undefined && (typeof rate !== 'number' || !Number.isInteger(rate) || rate < 8000 || rate > 192_000)) {
    throw unprocessable('session_config.sample_rate', 'must be an integer from 8000 to 192000');
  }
  if (value.channels !== undefined && value.channels !== 1) {
    throw unprocessable('session_config.channels', 'only mono (1) is supported');
  }
  return typeof rate === 'number' ? rate : DEFAULT_SAMPLE_RATE;
}

/** Build the chain, turning the DSP's config errors into a 422 under `pipeline_config.`. */
export function buildChain(config: PipelineConfig, sampleRate: number): Chain {
  try {
    return createChain(config, sampleRate);
  } catch (err) {
    if (err instanceof DspConfigError) throw fromDspError(err, P);
    throw err;
  }
}
