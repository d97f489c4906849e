/** agc: automatic gain control toward a target RMS level, within ±max_gain. */
import { smoothedGainKernel } from './smoothed-gain.js';
import { num } from '../params.js';
import { type StageDefinition } from './stage.js';

/** Level averaging time: long enough that a syllable does not pump the gain. */
const DETECTOR_SECONDS = 0.3;
/** Below this input level (dBFS RMS) the gain is held, so silence and hiss are not pulled up. */
const GATE_DBFS = -65;

/** Slow RMS level estimate, gain toward target_level clamped to ±max_gain, attack/release smoothing. */
export const agc: StageDefinition = {
  description: 'Automatic gain control: slow RMS level estimate, gain toward target_level within ±max_gain',
  params: {
    target_level: num(-20, -60, 0),
    max_gain: num(20, 0, 40),
    attack_time: num(0.1, 0.001, 10),
    release_time: num(1.0, 0.001, 30),
  },
  create: (params, sampleRate) =>
    smoothedGainKernel(
      {
        detectorSeconds: DETECTOR_SECONDS,
        times: (p) => [p.attack_time as number, p.release_time as number],
        law(p, levelDb) {
          if (levelDb < GATE_DBFS) return null;
          const max = p.max_gain as number;
          return Math.max(-max, Math.min(max, (p.target_level as number) - levelDb));
        },
        details: (gainDb) => ({ gain_db: gainDb }),
      },
      params,
      sampleRate,
    ),
};
