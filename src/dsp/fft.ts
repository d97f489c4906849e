/**
 * The one module that imports fft.js (its bundled typings are all `any`): a typed real FFT of a
 * fixed power-of-two size, plus the analysis windows. Buffers are allocated once per instance.
 */
import FFT from 'fft.js';

/** Window shapes accepted by the FFT analysis endpoint. */
export const WINDOW_TYPES = ['hann', 'hamming', 'blackman', 'rectangular'] as const;
/** One of WINDOW_TYPES. */
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
 * Forward and inverse real FFT of size `size`, each done as one complex FFT of half the size
 * (even samples as real parts, odd as imaginary) plus a twiddle pass: about twice as fast as
 * fft.js's own real forward, and it gives the real inverse that fft.js lacks.
 * `forward` leaves bins 0..size/2 in `re`/`im`; `inverse` reads them and writes real samples.
 */
export class RealFft {
  readonly size: number;
  readonly bins: number;
  /** Real parts of bins 0..size/2 after `forward`; input of `inverse`. */
  readonly re: Float64Array;
  /** Imaginary parts of bins 0..size/2. */
  readonly im: Float64Array;
  private readonly half: FFT;
  private readonly packed: Float64Array;
  private readonly spectrum: Float64Array;
  /** cos and sin of 2πk/size for k = 0..size/2. */
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;

  constructor(size: number) {
    if (size < 4 || (size & (size - 1)) !== 0) throw new RangeError(`FFT size must be a power of two >= 4 (got ${size})`);
    this.size = size;
    this.bins = size / 2 + 1;
    this.re = new Float64Array(this.bins);
    this.im = new Float64Array(this.bins);
    this.half = new FFT(size / 2);
    this.packed = new Float64Array(size);
    this.spectrum = new Float64Array(size);
    this.cos = new Float64Array(this.bins);
    this.sin = new Float64Array(this.bins);
    for (let k = 0; k < this.bins; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / size);
      this.sin[k] = Math.sin((2 * Math.PI * k) / size);
    }
  }

  /** Transforms `input` (exactly `size` real samples) into `re`/`im`. */
  forward(input: Float64Array): void {
    const m = this.size / 2;
    this.half.transform(this.spectrum, input);
    const z = this.spectrum, re = this.re, im = this.im, cos = this.cos, sin = this.sin;
    for (let k = 0; k <= m; k++) {
      // Z is periodic in m: Z[m] is Z[0].
      const a = k === m ? 0 : k, b = k === 0 ? 0 : m - k;
      const zr = z[2 * a], zi = z[2 * a + 1], wr = z[2 * b], wi = -z[2 * b + 1];
      // E = (Z[k] + conj Z[m-k]) / 2 and O = (Z[k] - conj Z[m-k]) / 2j are the even and odd halves.
      const er = (zr + wr) / 2, ei = (zi + wi) / 2;
      const or = (zi - wi) / 2, oi = -(zr - wr) / 2;
      // X[k] = E + e^{-2πik/size} O
      re[k] = er + cos[k] * or + sin[k] * oi;
      im[k] = ei + cos[k] * oi - sin[k] * or;
    }
  }

  /** Transforms `re`/`im` (bins 0..size/2, Hermitian symmetry implied) back into `size` real samples. */
  inverse(output: Float64Array): void {
    const m = this.size / 2;
    const p = this.packed, re = this.re, im = this.im, cos = this.cos, sin = this.sin;
    for (let k = 0; k < m; k++) {
      const cr = re[m - k], ci = -im[m - k];
      const er = (re[k] + cr) / 2, ei = (im[k] + ci) / 2;
      const dr = (re[k] - cr) / 2, di = (im[k] - ci) / 2;
      // O = (X[k] - conj X[m-k]) / 2 · e^{+2πik/size}; Z = E + jO, stored conjugated (see below).
      const or = dr * cos[k] - di * sin[k], oi = dr * sin[k] + di * cos[k];
      p[2 * k] = er - oi;
      p[2 * k + 1] = -(ei + or);
    }
    // IFFT(Z) = conj(FFT(conj Z)) / m: a forward transform, which skips fft.js's division pass.
    this.half.transform(this.spectrum, p);
    const z = this.spectrum;
    const scale = 1 / m;
    for (let n = 0; n < this.size; n += 2) {
      output[n] = z[n] * scale;
      output[n + 1] = -z[n + 1] * scale;
    }
  }
}
