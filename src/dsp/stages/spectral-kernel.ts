/** The kernel shared by noise_reduction and spectral_denoising: STFT, noise tracking, a per-bin gain rule. */
import { NoiseFloor } from '../noise-floor.js';
import { type Params } from '../params.js';
import { StreamingStft, stftSizeFor } from '../stft.js';
import { type StageKernel } from './stage.js';

/** How a spectral stage turns power and noise into a gain per bin. */
export interface SpectralRule {
  /** Applies parameters; may adjust the noise tracker (smoothing, freezing). */
  configure(p: Params, noise: NoiseFloor): void;
  /** Fills `gains` (0..1) for one frame from its power spectrum and the noise estimate. */
  gains(power: Float64Array, noise: Float64Array, gains: Float64Array): void;
}

/** A spectral-gain kernel; its output is delayed by one FFT size (32 ms). */
export function spectralKernel(params: Params, sampleRate: number, rule: SpectralRule): StageKernel {
  const size = stftSizeFor(sampleRate);
  const bins = size / 2 + 1;
  const noise = new NoiseFloor(bins, size / 2 / sampleRate);
  const power = new Float64Array(bins);
  const gains = new Float64Array(bins);
  let gainSum = 0;
  let frames = 0;
  const stft = new StreamingStft(size, (re, im) => {
    for (let k = 0; k < bins; k++) power[k] = re[k] * re[k] + im[k] * im[k];
    noise.update(power);
    rule.gains(power, noise.estimate, gains);
    for (let k = 0; k < bins; k++) {
      re[k] *= gains[k];
      im[k] *= gains[k];
      gainSum += gains[k];
    }
    frames++;
  });
  rule.configure(params, noise);
  return {
    latencySamples: stft.latencySamples,
    configure: (p) => rule.configure(p, noise),
    process(x, n) {
      gainSum = 0;
      frames = 0;
      stft.process(x, n);
    },
    details: () => ({
      // E|X|² of white noise of variance σ² through the sqrt-Hann window is σ²·size/2.
      noise_floor_dbfs: 10 * Math.log10(noise.mean() / (size / 2) + 1e-20),
      mean_gain_db: frames > 0 ? 20 * Math.log10(gainSum / (frames * bins) + 1e-20) : 0,
    }),
  };
}
