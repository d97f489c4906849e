/**
 * Public types of the DSP package and its one error class. Kept apart from index.ts so that the
 * stage modules can import them without an import cycle through the barrel.
 */

/** One stage of a pipeline_config, as in protocol.md section 1. Every field optional. */
export interface StageConfig {
  enabled?: boolean;
  gain_in?: number;
  gain_out?: number;
  parameters?: Record<string, unknown>;
}

/** A directed edge of the pipeline graph; ids are stage keys (front-end or mapped names). */
export interface PipelineConnection {
  id?: string;
  source_stage_id: string;
  target_stage_id: string;
}

/** The `pipeline_config` object of protocol.md section 1. */
export interface PipelineConfig {
  pipeline_id?: string;
  name?: string;
  stages: Record<string, StageConfig>;
  connections?: readonly PipelineConnection[];
}

/** Thrown for invalid configs or parameters; `field` names the offending input (e.g. "stages.vad.parameters.aggressiveness"). */
export class DspConfigError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'DspConfigError';
  }
}

/** What one chunk through a chain gives back. */
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
