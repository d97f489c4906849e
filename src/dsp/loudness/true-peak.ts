/**
 * True peak per ITU-R BS.1770-4 Annex 2: oversample to at least 192 kHz with a Kaiser-windowed
 * sinc polyphase interpolator and take the largest absolute value.
 */

const TAPS_PER_PHASE = 32;
const KAISER_BETA = 8;

/** Zeroth-order modified Bessel function (power series; converges fast for the betas used here). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50 && term > 1e-12 * sum; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}

/** Oversampling factor that reaches 192 kHz: 4 at 48 kHz, 5 at 44.1 kHz, 12 at 16 kHz. */
export function oversamplingFactor(sampleRate: number): number {
  return Math.max(1, Math.ceil(192000 / sampleRate));
}

/**
 * Phase-major coefficients: phase p, tap t at [p * TAPS + t]. The prototype is centred on a
 * multiple of the factor so phase 0 reproduces the input samples; each phase is scaled to unit
 * DC gain so a constant signal is not read as a peak.
 */
function polyphaseCoefficients(factor: number): Float64Array {
  const length = factor * TAPS_PER_PHASE;
  const centre = (TAPS_PER_PHASE / 2) * factor;
  const coeffs = new Float64Array(length);
  const i0Beta = besselI0(KAISER_BETA);
  for (let p = 0; p < factor; p++) {
    let sum = 0;
    for (let t = 0; t < TAPS_PER_PHASE; t++) {
      const m = p + t * factor;
      const x = (m - centre) / factor;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const r = (m - centre) / centre;
      const win = Math.abs(r) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / i0Beta;
      coeffs[p * TAPS_PER_PHASE + t] = sinc * win;
      sum += sinc * win;
    }
    for (let t = 0; t < TAPS_PER_PHASE; t++) coeffs[p * TAPS_PER_PHASE + t] /= sum;
  }
  return coeffs;
}

/** True peak of `x` (full scale ±1) in dBTP; null for silence. */
export function truePeakDb(x: Float64Array, sampleRate: number): number | null {
  const factor = oversamplingFactor(sampleRate);
  const coeffs = polyphaseCoefficients(factor);
  const T = TAPS_PER_PHASE;
  // Zero padding on both sides so the interpolator's ringing at the edges is measured too.
  const padded = new Float64Array(x.length + 2 * T);
  padded.set(x, T);
  let peak = 0;
  for (let n = T; n < padded.length; n++) {
    for (let p = 0; p < factor; p++) {
      let acc = 0;
      const base = p * T;
      for (let t = 0; t < T; t++) acc += coeffs[base + t] * padded[n - t];
      const a = acc < 0 ? -acc : acc;
      if (a > peak) peak = a;
    }
  }
  return peak > 0 ? 20 * Math.log10(peak) : null;
}
