/**
 * Public surface of the DSP package used by the reference server (`src/server`).
 * Everything here is pure: no I/O, no timers. Audio is mono signed 16-bit PCM.
 *
 * CONTRACT (signatures are fixed; bodies are being replaced by the real implementations).
 */

/** One stage of a pipeline_config, as in protocol.md section 1. Every field optional. */
export interface StageConfig {
  enabled?: boolean;
  gain_in?: number;
  gain_out?: number;
  parameters?: Record<string, unknown>;
}

export interface PipelineConnection {
  id?: string;
  source_stage_id: string;
  target_stage_id: string;
}

export interface PipelineConfig {
  pipeline_id?: string;
  name?: string;
  stages: Record<string, StageConfig>;
  connections?: PipelineConnection[];
}

/** Thrown for invalid configs or parameters; `field` names the offending input (e.g. "stages.vad.parameters.aggressiveness"). */
export class DspConfigError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'DspConfigError';
  }
}

export interface ChainResult {
  output: Int16Array;
  /** Milliseconds spent in each enabled stage for this chunk. */
  stageLatenciesMs: Record<string, number>;
  /** RMS of the output in dBFS (-96 for silence or empty input). */
  rmsDbfs: number;
  /** Estimated SNR of the output in dB. */
  snrDb: number;
}

/** A live, stateful processing chain for one session. State persists across chunks. */
export interface Chain {
  readonly stageIds: readonly string[];
  process(input: Int16Array): ChainResult;
  /** Apply new parameters to a live stage; throws DspConfigError for an unknown stage or bad parameter. */
  updateStage(stageId: string, parameters: Record<string, unknown>): void;
}

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

/** RMS in dBFS of 16-bit PCM; -96 for silence or empty input. */
export function rmsDbfs(pcm: Int16Array): number {
  if (pcm.length === 0) return -96;
  let sum = 0;
  for (let i = 0; i < pcm.length; i++) sum += (pcm[i] / 32768) ** 2;
  const rms = Math.sqrt(sum / pcm.length);
  return rms <= 0 ? -96 : Math.max(-96, 20 * Math.log10(rms));
}
