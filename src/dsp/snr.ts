/**
 * Blind SNR estimate of a chunk: one Hann frame over the chunk's latest samples (zero-padded when
 * the chunk is shorter), whose noise power per bin is taken as the median bin (corrected from
 * median to mean: ln 2 for exponentially distributed periodogram bins; the median of ~250 bins
 * is steady to a few tenths of a dB, so averaging frames is not worth its FFTs), on the
 * premise that noise is broadband while tones and speech occupy a minority of bins. SNR is the
 * remaining power over the noise power, in dB, clamped to 0..100; 0 for silence.
 */
import { makeWindow, RealFft } from './fft.js';
import { stftSizeFor } from './stft.js';

const MAX_SNR_DB = 100;

/** The k-th smallest value of `a` (reordered in place): Hoare's quickselect, O(n) on average. */
export function selectKth(a: Float64Array, k: number): number {
  let lo = 0, hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** Reusable estimator (buffers allocated once per chain). */
export class SnrEstimator {
  private readonly fft: RealFft;
  private readonly window: Float64Array;
  private readonly frame: Float64Array;
  private readonly power: Float64Array;

  constructor(sampleRate: number) {
    const size = stftSizeFor(sampleRate);
    this.fft = new RealFft(size);
    this.window = makeWindow('hann', size);
    this.frame = new Float64Array(size);
    // DC and Nyquist bins are left out: DC offsets and their leakage are not noise.
    this.power = new Float64Array(size / 2 - 1);
  }

  /** SNR in dB of the first `n` samples of `x`. */
  estimate(x: Float64Array, n: number): number {
    const size = this.fft.size;
    const start = n - size;
    for (let i = 0; i < size; i++) this.frame[i] = start + i >= 0 ? x[start + i] * this.window[i] : 0;
    this.fft.forward(this.frame);
    const { re, im } = this.fft;
    let total = 0;
    for (let k = 0; k < this.power.length; k++) {
      const p = re[k + 1] * re[k + 1] + im[k + 1] * im[k + 1];
      this.power[k] = p;
      total += p;
    }
    if (!(total > 0)) return 0;
    const noise = (selectKth(this.power, this.power.length >> 1) / Math.LN2) * this.power.length;
    if (!(noise > 0)) return MAX_SNR_DB;
    const signal = total - noise;
    return signal > 0 ? Math.min(MAX_SNR_DB, Math.max(0, 10 * Math.log10(signal / noise))) : 0;
  }
}
