/**
 * lufs_normalization: a running BS.1770 loudness estimate (K-weighted 100 ms sub-blocks; momentary,
 * short-term or gated integrated over the session) steers a slow gain toward target_lufs. A peak
 * guard then keeps every output sample at or below max_peak (sample peak, no lookahead: a sudden
 * transient is turned down at once and the guard recovers over PEAK_RELEASE_S).
 */
import { BiquadCascade } from '../biquad.js';
import { ABSOLUTE_GATE, loudnessOf } from '../loudness/gating.js';
import { kWeighting } from '../loudness/k-weighting.js';
import { type Params, num } from '../params.js';
import { dbToLin } from '../pcm.js';
import { type StageDefinition, type StageKernel } from './stage.js';

const MAX_GAIN_DB = 30;
const GAIN_SMOOTHING_S = 0.5;
const PEAK_RELEASE_S = 0.05;
const SHORT_TERM_SUBBLOCKS = 30;
/** Integrated loudness keeps a histogram of block loudness from the absolute gate up, 0.1 LU wide. */
const HIST_STEP = 0.1;
const HIST_BINS = 800;

/** Session-long gated loudness with bounded memory (the libebur128 histogram method). */
class IntegratedHistogram {
  private readonly counts = new Float64Array(HIST_BINS);
  private readonly sums = new Float64Array(HIST_BINS);

  add(meanSquare: number): void {
    const bin = Math.floor((loudnessOf(meanSquare) - ABSOLUTE_GATE) / HIST_STEP);
    if (bin < 0) return;
    const b = Math.min(bin, HIST_BINS - 1);
    this.counts[b]++;
    this.sums[b] += meanSquare;
  }

  /** Integrated loudness with the -10 LU relative gate (at bin resolution), or null. */
  loudness(): number | null {
    const mean = (from: number) => {
      let c = 0, s = 0;
      for (let b = Math.max(0, from); b < HIST_BINS; b++) (c += this.counts[b]), (s += this.sums[b]);
      return c > 0 ? s / c : 0;
    };
    const all = mean(0);
    if (all === 0) return null;
    const gated = mean(Math.ceil((loudnessOf(all) - 10 - ABSOLUTE_GATE) / HIST_STEP));
    return gated > 0 ? loudnessOf(gated) : null;
  }
}

class LoudnessNormalizer implements StageKernel {
  readonly latencySamples = 0;
  private p: Params;
  private readonly kFilter: BiquadCascade;
  private scratch = new Float64Array(0);
  private readonly subLength: number;
  private subSum = 0;
  private subCount = 0;
  private readonly recent = new Float64Array(SHORT_TERM_SUBBLOCKS);
  private seen = 0;
  private readonly histogram = new IntegratedHistogram();
  private gainDb = 0;
  private gain = 1;
  private step = 0;
  private guard = 1;
  private lastLufs: number | null = null;
  private readonly smoothing: number;
  private readonly peakRelease: number;

  constructor(params: Params, sampleRate: number) {
    this.p = params;
    this.kFilter = new BiquadCascade(kWeighting(sampleRate));
    this.subLength = Math.max(1, Math.round(sampleRate / 10));
    this.smoothing = Math.exp(-0.1 / GAIN_SMOOTHING_S);
    this.peakRelease = Math.exp(-1 / (PEAK_RELEASE_S * sampleRate));
  }

  configure(params: Params): void {
    this.p = params;
  }

  /** Mean square over the last `width` sub-blocks (fewer at the start of a session). */
  private windowMeanSquare(width: number): number {
    const k = Math.min(width, this.seen);
    let s = 0;
    for (let j = 1; j <= k; j++) s += this.recent[(this.seen - j) % SHORT_TERM_SUBBLOCKS];
    return k > 0 ? s / (k * this.subLength) : 0;
  }

  /** A 100 ms sub-block completed: update the loudness estimate and the gain to ramp toward. */
  private endSubBlock(): void {
    this.recent[this.seen % SHORT_TERM_SUBBLOCKS] = this.subSum;
    this.seen++;
    this.subSum = 0;
    this.subCount = 0;
    if (this.seen >= 4) this.histogram.add(this.windowMeanSquare(4));
    const type = this.p.measurement_type;
    const ms = type === 'integrated' ? 0 : this.windowMeanSquare(type === 'momentary' ? 4 : SHORT_TERM_SUBBLOCKS);
    this.lastLufs = type === 'integrated' ? this.histogram.loudness() : ms > 0 ? loudnessOf(ms) : null;
    if (this.lastLufs !== null && this.lastLufs > ABSOLUTE_GATE) {
      const want = Math.max(-MAX_GAIN_DB, Math.min(MAX_GAIN_DB, (this.p.target_lufs as number) - this.lastLufs));
      this.gainDb = this.smoothing * this.gainDb + (1 - this.smoothing) * want;
    }
    this.step = (dbToLin(this.gainDb) - this.gain) / this.subLength;
  }

  process(x: Float64Array, n: number): void {
    if (this.scratch.length < n) this.scratch = new Float64Array(n);
    const k = this.scratch;
    k.set(x.subarray(0, n));
    this.kFilter.process(k, n);
    const maxPeak = dbToLin(this.p.max_peak as number);
    const release = this.peakRelease;
    let guard = this.guard;
    for (let start = 0; start < n; ) {
      // Runs of samples up to the next sub-block boundary share one gain ramp.
      const end = Math.min(n, start + this.subLength - this.subCount);
      let sum = 0, gain = this.gain;
      const step = this.step;
      for (let i = start; i < end; i++) {
        sum += k[i] * k[i];
        const y = x[i] * gain;
        gain += step;
        guard = release * guard + (1 - release);
        const a = Math.abs(y * guard);
        if (a > maxPeak) guard *= maxPeak / a;
        x[i] = y * guard;
      }
      this.gain = gain;
      this.subSum += sum;
      this.subCount += end - start;
      if (this.subCount === this.subLength) this.endSubBlock();
      start = end;
    }
    this.guard = guard;
  }

  details(): Record<string, unknown> {
    return { measured_lufs: this.lastLufs, gain_db: this.gainDb };
  }
}

/** Running loudness normalisation toward target_lufs, never above max_peak. */
export const lufsNormalization: StageDefinition = {
  description: 'Loudness normalisation: running BS.1770 loudness (K-weighted, gated when integrated), slow gain toward target_lufs, peak guard at max_peak',
  params: {
    target_lufs: num(-23, -60, 0),
    max_peak: num(-1, -20, 0),
    measurement_type: { kind: 'choice', default: 'integrated', choices: ['integrated', 'short_term', 'momentary'] },
  },
  create: (params, sampleRate) => new LoudnessNormalizer(params, sampleRate),
};
