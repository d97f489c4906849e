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

export { createChain, processPipeline } from './chain.js';
export { processStage, type StageRunResult } from './process-stage.js';
export { STAGE_CATALOGUE, mapStageId, ACCEPTED_STAGE_NAMES } from './catalogue.js';
