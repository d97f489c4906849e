/**
 * Delay of returned audio against sent audio by normalized cross-correlation, computed with one
 * FFT of each window (size: next power of two ≥ window + maximum lag). Integer lags only: on a
 * pure delay the peak sits exactly on the true lag.
 */
import { RealFft } from '../dsp/fft.js';

/** Below this RMS (dBFS) a window carries too little signal to correlate. */
export const SILENT_WINDOW_DBFS = -60;
/** A second peak this close to the best (as a fraction of it) makes the lag ambiguous (periodic audio). */
export const AMBIGUOUS_RATIO = 0.98;

/** One window's estimate. `lag` in samples (returned = sent delayed by `lag`); `peak` in -1..1. */
export type DelayEstimate =
  | { kind: 'measured'; lag: number; peak: number }
  | { kind: 'ambiguous'; lag: number; peak: number; secondLag: number }
  | { kind: 'silent' };

export class DelayEstimator {
  private readonly fft: RealFft;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly c: Float64Array;
  private readonly are: Float64Array;
  private readonly aim: Float64Array;
  private readonly prefix: Float64Array;
  private readonly rho: Float64Array;

  /** `window` returned samples per estimate, lags searched 0..`maxLag` samples. */
  constructor(readonly window: number, readonly maxLag: number) {
    let size = 4;
    while (size < window + maxLag) size *= 2;
    this.fft = new RealFft(size);
    this.a = new Float64Array(size);
    this.b = new Float64Array(size);
    this.c = new Float64Array(size);
    this.are = new Float64Array(this.fft.bins);
    this.aim = new Float64Array(this.fft.bins);
    this.prefix = new Float64Array(window + maxLag + 1);
    this.rho = new Float64Array(maxLag + 1);
  }

  /**
   * `returned`: `window` samples; `sent`: `window + maxLag` samples, where `sent[maxLag + i]`
   * was sent at the same stream position as `returned[i]`. Samples on the 16-bit scale (±32768),
   * which only matters for the silence floor: the correlation itself is normalized.
   */
  estimate(returned: ArrayLike<number>, sent: ArrayLike<number>): DelayEstimate {
    const { window: w, maxLag: m, a, b, prefix } = this;
    let er = 0;
    a.fill(0);
    b.fill(0);
    for (let i = 0; i < w; i++) {
      b[i] = returned[i];
      er += b[i] * b[i];
    }
    prefix[0] = 0;
    for (let i = 0; i < w + m; i++) {
      a[i] = sent[i];
      prefix[i + 1] = prefix[i] + a[i] * a[i];
    }
    const floor = w * 32768 * 32768 * 10 ** (SILENT_WINDOW_DBFS / 10);
    if (er < floor || prefix[w + m] < floor) return { kind: 'silent' };
    this.correlate();
    return this.pick(er, floor);
  }

  /** c[k] = Σ_i a[i + k] · b[i], via A · conj(B). */
  private correlate(): void {
    const f = this.fft;
    f.forward(this.a);
    this.are.set(f.re);
    this.aim.set(f.im);
    f.forward(this.b);
    for (let k = 0; k < f.bins; k++) {
      const xr = this.are[k], xi = this.aim[k], yr = f.re[k], yi = -f.im[k];
      f.re[k] = xr * yr - xi * yi;
      f.im[k] = xr * yi + xi * yr;
    }
    f.inverse(this.c);
  }

  private pick(er: number, floor: number): DelayEstimate {
    const { window: w, maxLag: m, c, prefix, rho } = this;
    let best = -1;
    let bestK = -1;
    for (let k = 0; k <= m; k++) {
      const es = prefix[k + w] - prefix[k];
      rho[k] = es > floor * 1e-6 ? c[k] / Math.sqrt(er * es) : 0;
      if (rho[k] > best) {
        best = rho[k];
        bestK = k;
      }
    }
    if (bestK < 0 || best <= 0) return { kind: 'silent' };
    // The best other local maximum: periodic audio (a steady tone) has many peaks of equal height.
    let second = -1;
    let secondK = -1;
    for (let k = 1; k < m; k++) {
      if (k === bestK || rho[k] < rho[k - 1] || rho[k] < rho[k + 1]) continue;
      if (Math.abs(k - bestK) > 1 && rho[k] > second) {
        second = rho[k];
        secondK = k;
      }
    }
    const lag = m - bestK;
    if (second >= AMBIGUOUS_RATIO * best) return { kind: 'ambiguous', lag, peak: best, secondLag: m - secondK };
    return { kind: 'measured', lag, peak: best };
  }
}
