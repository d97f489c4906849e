/** The one-stage endpoint (`POST /api/audio/process/stage/{stage_name}`): fresh state, delay compensated. */
import { ACCEPTED_STAGE_NAMES, mapStageId, stageDefinition } from './catalogue.js';
import { checkSampleRate } from './chain.js';
import { requireObject } from './params.js';
import { floatToInt16, int16ToFloat } from './pcm.js';
import { resolveStage, splitStageFields, StageInstance } from './stages/stage.js';
import { DspConfigError } from './types.js';

/** What processStage gives back. */
export interface StageRunResult {
  output: Int16Array;
  /** Flat: the parameters (defaults merged with the given ones) plus enabled, gain_in, gain_out. */
  stageConfig: Record<string, unknown>;
  processingMs: number;
  /** Stage-specific facts, e.g. vad {speech_detected, speech_ratio}, agc {gain_db}. */
  details: Record<string, unknown>;
}

/**
 * Runs one stage over a whole clip. `stageConfig` may be flat parameters or StageConfig-shaped
 * (`{enabled, gain_in, gain_out, parameters}`), or a mix. The stage's algorithmic delay is
 * compensated, so the output lines up with the input. Throws DspConfigError for an unknown stage
 * or a bad parameter (field `stage_config.parameters.<name>`).
 */
export function processStage(stageName: string, stageConfig: Record<string, unknown>, pcm: Int16Array, sampleRate: number): StageRunResult {
  checkSampleRate(sampleRate);
  const def = stageDefinition(stageName);
  if (!def) throw new DspConfigError('stage_name', `Unknown stage "${stageName}"; allowed: ${ACCEPTED_STAGE_NAMES.join(', ')}`);
  const config = splitStageFields(requireObject(stageConfig, 'stage_config'), 'stage_config');
  const resolved = resolveStage(def, config, 'stage_config');
  const stage = new StageInstance(mapStageId(stageName), def, resolved, sampleRate);
  const delay = stage.latencySamples;
  const x = new Float64Array(pcm.length + delay);
  int16ToFloat(pcm, x);
  const t0 = performance.now();
  stage.process(x, x.length);
  const processingMs = performance.now() - t0;
  return {
    output: floatToInt16(x.subarray(delay), pcm.length),
    stageConfig: { ...resolved.params, enabled: resolved.enabled, gain_in: resolved.gainIn, gain_out: resolved.gainOut },
    processingMs,
    details: stage.details(),
  };
}
