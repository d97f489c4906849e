/** What every stage module provides, and the wrapper that adds enabled/gain_in/gain_out to it. */
import { type ParamSpecs, type Params, defaultsOf, requireObject, resolveParams } from '../params.js';
import { dbToLin, scaleInPlace } from '../pcm.js';
import { DspConfigError } from '../types.js';

/** The signal-processing core of one stage instance, with its per-session state. */
export interface StageKernel {
  /** Processes the first `n` samples of `x` (full scale ±1) in place. */
  process(x: Float64Array, n: number): void;
  /** Takes new, already validated parameters; keeps filter memories, estimates and envelopes. */
  configure(params: Params): void;
  /** Stage-specific facts about the last `process` call (e.g. speech_detected, gain_db). */
  details(): Record<string, unknown>;
  /** Algorithmic delay in samples (0 for causal, delay-free stages). */
  readonly latencySamples: number;
}

/** A stage type: its catalogue entry and its factory. */
export interface StageDefinition {
  description: string;
  params: ParamSpecs;
  /** Alternative parameter names accepted on input (front-end pipeline form). */
  aliases?: Record<string, string>;
  /** Cross-parameter checks beyond each value's range; `field` is the parameters path. */
  check?(params: Params, field: string): void;
  create(params: Params, sampleRate: number): StageKernel;
}

/** Validated stage settings: the StageConfig fields plus resolved parameters. */
export interface ResolvedStage {
  enabled: boolean;
  gainIn: number;
  gainOut: number;
  params: Params;
}

function gain(value: unknown, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= -20 && value <= 20)) {
    throw new DspConfigError(field, `${field} must be a number of dB from -20 to 20 (got ${String(value)})`);
  }
  return value;
}

/**
 * Validates `enabled`, `gain_in`, `gain_out` and `parameters` of a stage config over `base`
 * (defaults when creating, the live settings when updating). `field` is the stage's path.
 */
export function resolveStage(def: StageDefinition, config: Record<string, unknown>, field: string, base?: ResolvedStage): ResolvedStage {
  const enabled = config.enabled ?? base?.enabled ?? true;
  if (typeof enabled !== 'boolean') throw new DspConfigError(`${field}.enabled`, `${field}.enabled must be true or false`);
  const given = requireObject(config.parameters, `${field}.parameters`);
  const params = resolveParams(def.params, given, base?.params ?? defaultsOf(def.params), `${field}.parameters`, def.aliases);
  def.check?.(params, `${field}.parameters`);
  return {
    enabled,
    gainIn: gain(config.gain_in, base?.gainIn ?? 0, `${field}.gain_in`),
    gainOut: gain(config.gain_out, base?.gainOut ?? 0, `${field}.gain_out`),
    params,
  };
}

/** One live stage of a chain: settings plus kernel. Disabled stages pass audio through untouched. */
export class StageInstance {
  private kernel: StageKernel;

  constructor(
    readonly id: string,
    private readonly def: StageDefinition,
    private settings: ResolvedStage,
    sampleRate: number,
  ) {
    this.kernel = def.create(settings.params, sampleRate);
  }

  /** Whether the stage currently processes audio. */
  get enabled(): boolean {
    return this.settings.enabled;
  }

  /** The current settings (for echoing merged configs). */
  get config(): ResolvedStage {
    return this.settings;
  }

  /** Algorithmic delay of the stage in samples (0 when disabled). */
  get latencySamples(): number {
    return this.settings.enabled ? this.kernel.latencySamples : 0;
  }

  /** Applies gain_in, the kernel and gain_out to the first `n` samples of `x`. */
  process(x: Float64Array, n: number): void {
    if (!this.settings.enabled) return;
    scaleInPlace(x, n, dbToLin(this.settings.gainIn));
    this.kernel.process(x, n);
    scaleInPlace(x, n, dbToLin(this.settings.gainOut));
  }

  /** Merges a live update over the current settings; throws DspConfigError before changing anything. */
  update(config: Record<string, unknown>, field: string): void {
    this.settings = resolveStage(this.def, config, field, this.settings);
    this.kernel.configure(this.settings.params);
  }

  /** Stage-specific details of the last chunk. */
  details(): Record<string, unknown> {
    return this.kernel.details();
  }
}

/**
 * Normalises a stage update or a one-shot stage_config into StageConfig shape: `enabled`,
 * `gain_in`, `gain_out` stay on top; a nested `parameters` object and every other key are
 * parameters (so both `{"strength": 1}` and `{"parameters": {"strength": 1}}` work).
 */
export function splitStageFields(fields: Record<string, unknown>, field: string): Record<string, unknown> {
  const { enabled, gain_in, gain_out, parameters, ...rest } = fields;
  return { enabled, gain_in, gain_out, parameters: { ...rest, ...requireObject(parameters, `${field}.parameters`) } };
}
