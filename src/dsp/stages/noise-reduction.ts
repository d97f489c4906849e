/**
 * noise_reduction: Wiener gain with the decision-directed a-priori SNR of Ephraim and Malah (1984)
 * over a tracked noise floor. strength sets the deepest attenuation (0 = none, 1 = -30 dB);
 * frequency_smoothing blurs the gain across neighbouring bins (less musical noise);
 * time_smoothing sets the decision-directed weight and the periodogram smoothing.
 */
import { type NoiseFloor } from '../noise-floor.js';
import { type Params, num } from '../params.js';
import { spectralKernel, type SpectralRule } from './spectral-kernel.js';
import { type StageDefinition } from './stage.js';

const MAX_ATTENUATION_DB = 30;

class WienerRule implements SpectralRule {
  private floor = 1;
  private alpha = 0.95;
  private blur = 0;
  private prevClean = new Float64Array(0);
  private raw = new Float64Array(0);

  configure(p: Params, noise: NoiseFloor): void {
    this.floor = 10 ** ((-MAX_ATTENUATION_DB * (p.strength as number)) / 20);
    const t = p.time_smoothing as number;
    this.alpha = 0.9 + 0.09 * t;
    noise.smoothing = 0.6 + 0.35 * t;
    this.blur = ((p.frequency_smoothing as number) * 2) / 3;
  }

  gains(power: Float64Array, noise: Float64Array, gains: Float64Array): void {
    const bins = power.length;
    if (this.raw.length !== bins) {
      this.raw = new Float64Array(bins);
      this.prevClean = new Float64Array(bins);
    }
    const { raw, prevClean, alpha, floor } = this;
    for (let k = 0; k < bins; k++) {
      const inv = 1 / noise[k];
      const gamma = power[k] * inv;
      const xi = alpha * prevClean[k] * inv + (1 - alpha) * (gamma > 1 ? gamma - 1 : 0);
      const g = xi / (1 + xi);
      raw[k] = g > floor ? g : floor;
    }
    const b = this.blur;
    for (let k = 0; k < bins; k++) {
      const left = raw[k > 0 ? k - 1 : k + 1];
      const right = raw[k < bins - 1 ? k + 1 : k - 1];
      const g = (1 - b) * raw[k] + (b / 2) * (left + right);
      gains[k] = g;
      prevClean[k] = g * g * power[k];
    }
  }
}

/** STFT Wiener noise suppressor (32 ms frames, 50 % overlap, 32 ms delay). */
export const noiseReduction: StageDefinition = {
  description: 'STFT noise suppression: Wiener gain with decision-directed a-priori SNR over a tracked noise floor (32 ms delay)',
  params: {
    strength: num(0.5, 0, 1),
    frequency_smoothing: num(0.3, 0, 1),
    time_smoothing: num(0.4, 0, 1),
  },
  aliases: { smoothing: 'frequency_smoothing' },
  create: (params, sampleRate) => spectralKernel(params, sampleRate, new WienerRule()),
};
