/**
 * The gain engine shared by agc and compression: a mean-square level detector run per sample, a
 * gain decided at a control rate (every CONTROL_PERIOD samples, so log10 is not paid per sample),
 * smoothed in dB with separate attack (gain falling) and release (gain rising) times, and applied
 * as a linear ramp between control points so it never steps.
 */
import { type Params } from '../params.js';
import { dbToLin } from '../pcm.js';
import { type StageKernel } from './stage.js';

/** Samples between gain decisions (1 ms at 16 kHz). */
const CONTROL_PERIOD = 16;

/** Given the detected level in dBFS, the wanted gain in dB, or null to hold the current gain. */
export type GainLaw = (levelDb: number) => number | null;

/** Level detector plus attack/release-smoothed gain; state persists across calls. */
export class SmoothedGain {
  private meanSquare = 0;
  private gainDb = 0;
  private gain = 1;
  private step = 0;
  private count = 0;
  private readonly detectorCoeff: number;
  private attackCoeff = 0;
  private releaseCoeff = 0;

  constructor(
    private readonly sampleRate: number,
    detectorSeconds: number,
  ) {
    this.detectorCoeff = Math.exp(-1 / (detectorSeconds * sampleRate));
  }

  /** Sets the attack and release time constants (seconds). */
  setTimes(attackS: number, releaseS: number): void {
    this.attackCoeff = Math.exp(-CONTROL_PERIOD / (attackS * this.sampleRate));
    this.releaseCoeff = Math.exp(-CONTROL_PERIOD / (releaseS * this.sampleRate));
  }

  /** The gain currently applied, dB. */
  get currentDb(): number {
    return this.gainDb;
  }

  /** Detects, decides (via `law`) and applies gain to the first `n` samples of `x` in place. */
  process(x: Float64Array, n: number, law: GainLaw): void {
    const a = this.detectorCoeff;
    let ms = this.meanSquare, g = this.gain, step = this.step, count = this.count;
    for (let i = 0; i < n; i++) {
      const v = x[i];
      ms = a * ms + (1 - a) * v * v;
      x[i] = v * g;
      g += step;
      if (++count === CONTROL_PERIOD) {
        count = 0;
        const target = law(10 * Math.log10(ms + 1e-20));
        if (target !== null) {
          const c = target < this.gainDb ? this.attackCoeff : this.releaseCoeff;
          this.gainDb = c * this.gainDb + (1 - c) * target;
        }
        step = (dbToLin(this.gainDb) - g) / CONTROL_PERIOD;
      }
    }
    this.meanSquare = ms < 1e-30 ? 0 : ms;
    this.gain = g;
    this.step = step;
    this.count = count;
  }
}

/** How a SmoothedGain stage reads its parameters. */
export interface GainStageSpec {
  detectorSeconds: number;
  /** Attack and release time constants in seconds. */
  times(p: Params): [number, number];
  /** Wanted gain in dB for a level, given the current parameters; null holds the gain. */
  law(p: Params, levelDb: number): number | null;
  details(currentDb: number): Record<string, unknown>;
}

/** A delay-free stage kernel driven by a SmoothedGain. */
export function smoothedGainKernel(spec: GainStageSpec, params: Params, sampleRate: number): StageKernel {
  const engine = new SmoothedGain(sampleRate, spec.detectorSeconds);
  let p = params;
  const configure = (next: Params) => {
    p = next;
    engine.setTimes(...spec.times(p));
  };
  configure(params);
  const law = (levelDb: number) => spec.law(p, levelDb);
  return {
    latencySamples: 0,
    configure,
    process: (x, n) => engine.process(x, n, law),
    details: () => spec.details(engine.currentDb),
  };
}
