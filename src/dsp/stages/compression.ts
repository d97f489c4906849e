/** compression: downward compressor with a hard or soft knee and attack/release in dB. */
import { smoothedGainKernel } from './smoothed-gain.js';
import { num } from '../params.js';
import { type StageDefinition } from './stage.js';

/** RMS detector time: short enough to follow syllables, long enough for little ripple on a 100 Hz tone. */
const DETECTOR_SECONDS = 0.005;

/**
 * Static curve: output level (dB) for input level `x` (dB), threshold `t`, ratio `r`, knee width
 * `w` (0 = hard). The soft knee is the quadratic of Giannoulis, Massberg and Reiss (2012).
 */
export function compressorCurve(x: number, t: number, r: number, w: number): number {
  const over = x - t;
  if (2 * over < -w) return x;
  if (w > 0 && 2 * Math.abs(over) <= w) return x + ((1 / r - 1) * (over + w / 2) ** 2) / (2 * w);
  return t + over / r;
}

/** RMS detector, static curve, attack/release smoothing of the gain in dB. */
export const compression: StageDefinition = {
  description: 'Compressor: RMS detector, hard or soft knee static curve, attack/release smoothing of the gain in dB',
  params: {
    ratio: num(4, 1, 100),
    threshold: num(-20, -80, 0),
    attack: num(0.003, 0.0001, 2),
    release: num(0.1, 0.001, 10),
    knee: num(0, 0, 24),
  },
  create: (params, sampleRate) =>
    smoothedGainKernel(
      {
        detectorSeconds: DETECTOR_SECONDS,
        times: (p) => [p.attack as number, p.release as number],
        law: (p, levelDb) => compressorCurve(levelDb, p.threshold as number, p.ratio as number, p.knee as number) - levelDb,
        details: (gainDb) => ({ gain_reduction_db: -gainDb }),
      },
      params,
      sampleRate,
    ),
};
