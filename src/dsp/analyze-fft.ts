/** The `/api/audio/analyze/fft` computation: an averaged, windowed magnitude spectrum. */
import { makeWindow, RealFft, WINDOW_TYPES, type WindowType } from './fft.js';
import { DspConfigError } from './types.js';

/** Window sizes the endpoint accepts. */
export const FFT_WINDOW_SIZES = [512, 1024, 2048, 4096, 8192] as const;

/** Options of analyzeFft; defaults window 2048, overlap 0.5, Hann. */
export interface FftOptions {
  windowSize?: number;
  overlap?: number;
  windowType?: string;
}

/** Result fields of the FFT analysis (protocol.md section 3). */
export interface FftAnalysis {
  sample_rate: number;
  window_size: number;
  frequency_bins: number;
  /** Hz, refined between bins by parabolic interpolation on the log magnitude. */
  peak_frequency: number;
  spectral_centroid: number;
  spectral_bandwidth: number;
  /** Magnitudes in dB relative to a full-scale sine (0 dB), floored at -200 dB. */
  frequency_data: { frequencies: number[]; magnitudes: number[] };
}

function validate(opts: FftOptions): { n: number; overlap: number; windowType: WindowType } {
  const n = opts.windowSize ?? 2048;
  if (!(FFT_WINDOW_SIZES as readonly number[]).includes(n)) {
    throw new DspConfigError('window_size', `window_size must be one of ${FFT_WINDOW_SIZES.join(', ')} (got ${n})`);
  }
  const overlap = opts.overlap ?? 0.5;
  if (typeof overlap !== 'number' || !(overlap >= 0 && overlap <= 0.9)) {
    throw new DspConfigError('overlap', `overlap must be a number from 0 to 0.9 (got ${overlap})`);
  }
  const windowType = opts.windowType ?? 'hann';
  if (!(WINDOW_TYPES as readonly string[]).includes(windowType)) {
    throw new DspConfigError('window_type', `window_type must be one of ${WINDOW_TYPES.join(', ')} (got ${windowType})`);
  }
  return { n, overlap, windowType: windowType as WindowType };
}

/** Linear magnitudes averaged over frames; audio shorter than a window is zero-padded. */
function averageMagnitudes(pcm: Int16Array, n: number, hop: number, window: Float64Array): Float64Array {
  const fft = new RealFft(n);
  const frame = new Float64Array(n);
  const mag = new Float64Array(fft.bins);
  let wsum = 0;
  for (let i = 0; i < n; i++) wsum += window[i];
  // Scaled so that a full-scale sine at a bin centre reads 1 whatever the window.
  const scale = 2 / (wsum * 32768);
  let frames = 0;
  for (let start = 0; frames === 0 || start + n <= pcm.length; start += hop) {
    for (let i = 0; i < n; i++) frame[i] = start + i < pcm.length ? pcm[start + i] * window[i] * scale : 0;
    fft.forward(frame);
    for (let k = 0; k < fft.bins; k++) mag[k] += Math.hypot(fft.re[k], fft.im[k]);
    frames++;
  }
  for (let k = 0; k < fft.bins; k++) mag[k] /= frames;
  return mag;
}

/** Peak bin refined by a parabola through the log magnitudes of it and its neighbours. */
function peakFrequency(mag: Float64Array, binHz: number): number {
  let best = 0;
  for (let k = 1; k < mag.length; k++) if (mag[k] > mag[best]) best = k;
  if (best === 0 || best === mag.length - 1 || mag[best] === 0) return best * binHz;
  const a = Math.log(mag[best - 1] + 1e-300);
  const b = Math.log(mag[best]);
  const c = Math.log(mag[best + 1] + 1e-300);
  const denom = a - 2 * b + c;
  const delta = denom === 0 ? 0 : (0.5 * (a - c)) / denom;
  return (best + delta) * binHz;
}

/** Spectrum, peak, centroid and bandwidth of 16-bit PCM. Throws DspConfigError for bad options. */
export function analyzeFft(pcm: Int16Array, sampleRate: number, opts: FftOptions = {}): FftAnalysis {
  const { n, overlap, windowType } = validate(opts);
  const hop = Math.max(1, Math.round(n * (1 - overlap)));
  const mag = averageMagnitudes(pcm, n, hop, makeWindow(windowType, n));
  const binHz = sampleRate / n;
  let sum = 0;
  let weighted = 0;
  for (let k = 0; k < mag.length; k++) {
    sum += mag[k];
    weighted += k * binHz * mag[k];
  }
  const centroid = sum > 0 ? weighted / sum : 0;
  let spread = 0;
  for (let k = 0; k < mag.length; k++) spread += (k * binHz - centroid) ** 2 * mag[k];
  const frequencies: number[] = new Array(mag.length);
  const magnitudes: number[] = new Array(mag.length);
  for (let k = 0; k < mag.length; k++) {
    frequencies[k] = Math.round(k * binHz * 1000) / 1000;
    magnitudes[k] = Math.round(Math.max(-200, 20 * Math.log10(mag[k] + 1e-300)) * 100) / 100;
  }
  return {
    sample_rate: sampleRate,
    window_size: n,
    frequency_bins: mag.length,
    peak_frequency: peakFrequency(mag, binHz),
    spectral_centroid: centroid,
    spectral_bandwidth: sum > 0 ? Math.sqrt(spread / sum) : 0,
    frequency_data: { frequencies, magnitudes },
  };
}
