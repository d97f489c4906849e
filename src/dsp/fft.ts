/**
 * The one module that imports fft.js (its bundled typings are all `any`): a typed real FFT of a
 * fixed power-of-two size, plus the analysis windows. Buffers are allocated once per instance.
 */
import FFT from 'fft.js';

/** Window shapes accepted by the FFT analysis endpoint. */
export const WINDOW_TYPES = ['hann', 'hamming', 'blackman', 'rectangular'] as const;
export type WindowType = (typeof WINDOW_TYPES)[number];

/** A periodic window of `n` points (periodic, not symmetric: the right choice for spectra and overlap-add). */
export function makeWindow(type: WindowType, n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = (2 * Math.PI * i) / n;
    switch (type) {
      case 'hann':
        w[i] = 0.5 - 0.5 * Math.cos(p);
        break;
      case 'hamming':
        w[i] = 0.54 - 0.46 * Math.cos(p);
        break;
      case 'blackman':
        w[i] = 0.42 - 0.5 * Math.cos(p) + 0.08 * Math.cos(2 * p);
        break;
      default:
        w[i] = 1;
    }
  }
  return w;
}

/**
 * Forward and inverse real FFT of size `size`. `forward` leaves bins 0..size/2 in `re`/`im`;
 * `inverse` reads the same bins (Hermitian symmetry implied) and writes real samples.
 */
export class RealFft {
  readonly size: number;
  readonly bins: number;
  /** Real parts of bins 0..size/2 after `forward`; input of `inverse`. */
  readonly re: Float64Array;
  /** Imaginary parts of bins 0..size/2. */
  readonly im: Float64Array;
  private readonly fft: FFT;
  private readonly spectrum: number[];
  private readonly time: number[];

  constructor(size: number) {
    this.size = size;
    this.bins = size / 2 + 1;
    this.re = new Float64Array(this.bins);
    this.im = new Float64Array(this.bins);
    this.fft = new FFT(size);
    this.spectrum = this.fft.createComplexArray() as number[];
    this.time = this.fft.createComplexArray() as number[];
  }

  /** Transforms `input` (exactly `size` real samples) into `re`/`im`. */
  forward(input: Float64Array): void {
    this.fft.realTransform(this.spectrum, input);
    const s = this.spectrum;
    for (let k = 0; k < this.bins; k++) {
      this.re[k] = s[2 * k];
      this.im[k] = s[2 * k + 1];
    }
  }

  /** Transforms `re`/`im` back into `output` (`size` real samples). */
  inverse(output: Float64Array): void {
    const s = this.spectrum;
    const n = this.size;
    for (let k = 0; k < this.bins; k++) {
      s[2 * k] = this.re[k];
      s[2 * k + 1] = this.im[k];
    }
    // Mirror the conjugate half: fft.js has no real inverse.
    for (let k = this.bins; k < n; k++) {
      s[2 * k] = this.re[n - k];
      s[2 * k + 1] = -this.im[n - k];
    }
    this.fft.inverseTransform(this.time, s);
    const t = this.time;
    for (let i = 0; i < n; i++) output[i] = t[2 * i];
  }
}
