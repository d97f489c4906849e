/** Conversions between 16-bit PCM and the float samples the stages work on (full scale = 1). */

/** Int16 full scale used for every conversion, so that -32768 maps to exactly -1. */
export const FULL_SCALE = 32768;

/** RMS in dBFS of 16-bit PCM; -96 for silence or empty input. */
export function rmsDbfs(pcm: Int16Array): number {
  if (pcm.length === 0) return -96;
  let sum = 0;
  for (let i = 0; i < pcm.length; i++) sum += pcm[i] * pcm[i];
  const rms = Math.sqrt(sum / pcm.length) / FULL_SCALE;
  return rms <= 0 ? -96 : Math.max(-96, 20 * Math.log10(rms));
}

/** Writes `pcm` scaled to ±1 into `out` (which must be at least as long). */
export function int16ToFloat(pcm: Int16Array, out: Float64Array): void {
  const k = 1 / FULL_SCALE;
  for (let i = 0; i < pcm.length; i++) out[i] = pcm[i] * k;
}

/** Rounds the first `n` samples of `x` to a new Int16Array, clipping at full scale. */
export function floatToInt16(x: Float64Array, n: number): Int16Array {
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const v = Math.round(x[i] * FULL_SCALE);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}

/** Decibels to a linear amplitude factor. */
export function dbToLin(db: number): number {
  return 10 ** (db / 20);
}

/** Multiplies the first `n` samples of `x` by `factor` (skipped when it is exactly 1). */
export function scaleInPlace(x: Float64Array, n: number, factor: number): void {
  if (factor === 1) return;
  for (let i = 0; i < n; i++) x[i] *= factor;
}
