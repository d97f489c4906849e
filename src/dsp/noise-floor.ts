/**
 * Per-bin noise power tracking for the spectral stages: a smoothed periodogram followed by a slow
 * minimum follower (drops to any new minimum at once, rises by RISE_DB_PER_S), a bias factor
 * because the minimum of a fluctuating power sits below its mean, and a cap relative to the
 * mean over bins so that a steady tone, which no minimum tracker can tell from noise, is not
 * learnt as noise (noise is broadband; hum is the voice filter's business).
 */

const RISE_DB_PER_S = 5;
const MIN_BIAS = 1.8;
const TONAL_CAP = 4;
const TONAL_SPAN = 4;
const FLOOR = 1e-20;

/** Noise power estimate per bin; `estimate` is valid after the first `update`. */
export class NoiseFloor {
  /** Estimated noise power per bin (bias-corrected). */
  readonly estimate: Float64Array;
  private readonly smoothed: Float64Array;
  private readonly minimum: Float64Array;
  private readonly rise: number;
  private started = false;
  /** Time smoothing of the periodogram, 0..1 (higher is smoother). */
  smoothing = 0.75;
  /** While frozen the estimate stays as learnt (noise_profile "initial"). */
  frozen = false;

  constructor(bins: number, hopSeconds: number) {
    this.estimate = new Float64Array(bins);
    this.smoothed = new Float64Array(bins);
    this.minimum = new Float64Array(bins);
    this.rise = 10 ** ((RISE_DB_PER_S * hopSeconds) / 10);
  }

  /** Feeds one frame's power spectrum. */
  update(power: Float64Array): void {
    if (this.frozen) return;
    const { smoothed, minimum, estimate, rise } = this;
    const bins = power.length;
    if (!this.started) {
      smoothed.set(power);
      minimum.set(power);
      this.started = true;
    } else {
      const a = this.smoothing;
      for (let k = 0; k < bins; k++) {
        const s = a * smoothed[k] + (1 - a) * power[k];
        smoothed[k] = s;
        const m = minimum[k] * rise;
        minimum[k] = s < m ? s : m;
      }
    }
    for (let k = 0; k < bins; k++) {
      const left = k >= TONAL_SPAN ? minimum[k - TONAL_SPAN] : Infinity;
      const right = k + TONAL_SPAN < bins ? minimum[k + TONAL_SPAN] : Infinity;
      const cap = TONAL_CAP * (left < right ? left : right);
      const m = minimum[k] < cap ? minimum[k] : cap;
      estimate[k] = MIN_BIAS * (m > FLOOR ? m : FLOOR);
    }
  }

  /** Mean estimated noise power per bin. */
  mean(): number {
    let s = 0;
    for (let k = 0; k < this.estimate.length; k++) s += this.estimate[k];
    return s / this.estimate.length;
  }
}
