/** The `/api/audio/analyze/lufs` computation: BS.1770-4 loudness, true peak, LRA and verdicts. */
import { BiquadCascade } from '../biquad.js';
import { int16ToFloat } from '../pcm.js';
import { DspConfigError } from '../types.js';
import { integratedLoudness, loudnessRange, maxLoudness, windowMeanSquares } from './gating.js';
import { kWeighting } from './k-weighting.js';
import { truePeakDb } from './true-peak.js';

/** Loudness figures the endpoint can report as `measured_lufs`. */
export const MEASUREMENT_TYPES = ['integrated', 'short_term', 'momentary'] as const;
/** One of MEASUREMENT_TYPES. */
export type MeasurementType = (typeof MEASUREMENT_TYPES)[number];

/** Options of analyzeLoudness; defaults integrated, target -23 LUFS. */
export interface LoudnessOptions {
  measurementType?: MeasurementType;
  targetLufs?: number;
}

/** Pass/fail against common delivery specs (loudness within tolerance and true peak under the ceiling). */
export interface BroadcastCompliance {
  /** EBU R128: -23 LUFS ±0.5 LU, true peak ≤ -1 dBTP. */
  ebu_r128: boolean;
  /** ATSC A/85: -24 LKFS ±2 LU, true peak ≤ -2 dBTP. */
  atsc_a85: boolean;
  /** Common streaming target: -14 LUFS ±1 LU, true peak ≤ -1 dBTP. */
  streaming: boolean;
}

/** Result fields of the loudness analysis (protocol.md section 3). */
export interface LoudnessAnalysis {
  /**
   * LUFS; null for silence (BS.1770's -inf). integrated: gated over the whole clip;
   * short_term / momentary: the maximum over 3 s / 400 ms windows stepped by 100 ms.
   */
  measured_lufs: number | null;
  target_lufs: number;
  /** measured - target; null for silence. */
  lufs_difference: number | null;
  /** Gain that would bring the clip to the target (target - measured); null for silence. */
  gain_adjustment_db: number | null;
  /** dBTP; null for silence. */
  true_peak_db: number | null;
  loudness_range_lu: number;
  measurement_type: MeasurementType;
  broadcast_compliance: BroadcastCompliance;
  recommendations: string[];
}

const SPECS = {
  ebu_r128: { target: -23, tolerance: 0.5, maxTruePeak: -1 },
  atsc_a85: { target: -24, tolerance: 2, maxTruePeak: -2 },
  streaming: { target: -14, tolerance: 1, maxTruePeak: -1 },
} as const;

function validate(opts: LoudnessOptions): { type: MeasurementType; target: number } {
  const type = opts.measurementType ?? 'integrated';
  if (!(MEASUREMENT_TYPES as readonly string[]).includes(type)) {
    throw new DspConfigError('measurement_type', `measurement_type must be one of ${MEASUREMENT_TYPES.join(', ')} (got ${type})`);
  }
  const target = opts.targetLufs ?? -23;
  if (typeof target !== 'number' || !(target >= -60 && target <= 0)) {
    throw new DspConfigError('target_lufs', `target_lufs must be a number from -60 to 0 (got ${target})`);
  }
  return { type, target };
}

function complies(measured: number | null, truePeak: number | null, spec: (typeof SPECS)[keyof typeof SPECS]): boolean {
  if (measured === null || truePeak === null) return false;
  return Math.abs(measured - spec.target) <= spec.tolerance && truePeak <= spec.maxTruePeak;
}

function recommend(measured: number | null, target: number, truePeak: number | null, lra: number): string[] {
  if (measured === null || truePeak === null) return ['The audio is silent: there is no loudness to measure or normalise.'];
  const out: string[] = [];
  const gain = target - measured;
  if (Math.abs(gain) <= 0.5) out.push(`Loudness is within 0.5 LU of the ${target} LUFS target.`);
  else out.push(`${gain > 0 ? 'Raise' : 'Lower'} the level by ${Math.abs(gain).toFixed(1)} dB to reach ${target} LUFS.`);
  if (truePeak > -1) out.push(`True peak ${truePeak.toFixed(1)} dBTP is above -1 dBTP: apply a true-peak limiter.`);
  else if (gain > 0 && truePeak + gain > -1) {
    out.push(`Raising by ${gain.toFixed(1)} dB would put the true peak at ${(truePeak + gain).toFixed(1)} dBTP: limit first.`);
  }
  if (lra > 20) out.push(`Loudness range ${lra.toFixed(1)} LU is wide: consider compression.`);
  return out;
}

/** Measures loudness per ITU-R BS.1770-4 / EBU R128. Throws DspConfigError for bad options. */
export function analyzeLoudness(pcm: Int16Array, sampleRate: number, opts: LoudnessOptions = {}): LoudnessAnalysis {
  const { type, target } = validate(opts);
  const x = new Float64Array(pcm.length);
  int16ToFloat(pcm, x);
  const truePeak = truePeakDb(x, sampleRate);
  const k = new Float64Array(x);
  new BiquadCascade(kWeighting(sampleRate)).process(k, k.length);
  const shortTerm = windowMeanSquares(k, sampleRate, 30);
  let measured: number | null;
  if (type === 'integrated') measured = integratedLoudness(windowMeanSquares(k, sampleRate, 4));
  else if (type === 'momentary') measured = maxLoudness(windowMeanSquares(k, sampleRate, 4));
  else measured = maxLoudness(shortTerm);
  const lra = loudnessRange(shortTerm);
  return {
    measured_lufs: measured,
    target_lufs: target,
    lufs_difference: measured === null ? null : measured - target,
    gain_adjustment_db: measured === null ? null : target - measured,
    true_peak_db: truePeak,
    loudness_range_lu: lra,
    measurement_type: type,
    broadcast_compliance: {
      ebu_r128: complies(measured, truePeak, SPECS.ebu_r128),
      atsc_a85: complies(measured, truePeak, SPECS.atsc_a85),
      streaming: complies(measured, truePeak, SPECS.streaming),
    },
    recommendations: recommend(measured, target, truePeak, lra),
  };
}
