/**
 * Public surface of the DSP package used by the reference server (`src/server`).
 * Everything here is pure: no I/O, no timers. Audio is mono signed 16-bit PCM.
 */
export { DspConfigError } from './types.js';
export type { StageConfig, PipelineConnection, PipelineConfig, ChainResult, Chain } from './types.js';
export { rmsDbfs } from './pcm.js';
export { pcmFromBase64, pcmToBase64 } from './base64.js';
export { decodeWav, encodeWav, type DecodedWav } from './wav.js';
export { analyzeFft, FFT_WINDOW_SIZES, type FftOptions, type FftAnalysis } from './analyze-fft.js';
export {
  analyzeLoudness,
  MEASUREMENT_TYPES,
  type LoudnessOptions,
  type LoudnessAnalysis,
  type BroadcastCompliance,
  type MeasurementType,
} from './loudness/analyze.js';

import { rmsDbfs } from './pcm.js';
import { DspConfigError, type Chain, type PipelineConfig } from './types.js';

/** Build a chain from a pipeline_config. Throws DspConfigError naming the bad field. */
export function createChain(config: PipelineConfig, sampleRate: number): Chain {
  const stageIds = Object.keys(config.stages);
  return {
    stageIds,
    process(input) {
      return { output: input, stageLatenciesMs: {}, rmsDbfs: rmsDbfs(input), snrDb: 0 };
    },
    updateStage(stageId) {
      if (!stageIds.includes(stageId)) throw new DspConfigError('stage_id', `Stage ${stageId} not found`);
    },
  };
}
