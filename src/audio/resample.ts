/**
 * Band-limited sample-rate conversion: a Kaiser-windowed sinc evaluated as a polyphase table.
 * The low-pass passes up to 90 % of the lower Nyquist frequency and stops (≥ 80 dB design
 * attenuation) from the lower Nyquist frequency on, so nothing folds back into the band.
 * Rational ratios with up to MAX_EXACT_PHASES phases use exact phases; others interpolate
 * linearly between MAX_EXACT_PHASES table rows (coefficient error well below the stopband).
 */

/** Stopband attenuation the filter is designed for, in dB. */
export const STOPBAND_DB = 80;
/** Passband edge as a fraction of the lower of the two Nyquist frequencies. */
export const PASSBAND = 0.9;
const MAX_EXACT_PHASES = 4096;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Zeroth-order modified Bessel function of the first kind (power series). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 64; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** The designed filter: taps either side of the centre and the polyphase table. */
export interface ResamplerDesign {
  /** Input samples on each side of the output instant that contribute. */
  half: number;
  /** Table rows (phases); row p holds the taps for fractional position p / phases. */
  phases: number;
  /** True when every output instant falls exactly on a table row. */
  exact: boolean;
  table: Float64Array;
}

/** Designs the polyphase low-pass for converting `fromHz` to `toHz`. */
export function designResampler(fromHz: number, toHz: number): ResamplerDesign {
  const g = gcd(fromHz, toHz);
  const up = toHz / g;
  const exact = up <= MAX_EXACT_PHASES;
  const phases = exact ? up : MAX_EXACT_PHASES;
  const lower = Math.min(fromHz, toHz);
  // Transition band from PASSBAND·Nyquist to Nyquist of the lower rate, in cycles per input sample.
  const width = ((1 - PASSBAND) * lower) / 2 / fromHz;
  const cutoff = ((1 + PASSBAND) * lower) / 4 / fromHz;
  const taps = Math.ceil((STOPBAND_DB - 7.95) / (14.36 * width));
  const half = Math.ceil(taps / 2);
  const beta = 0.1102 * (STOPBAND_DB - 8.7);
  const norm = besselI0(beta);
  const rowLen = 2 * half;
  const table = new Float64Array((phases + 1) * rowLen);
  for (let p = 0; p <= phases; p++) {
    const frac = p / phases;
    for (let j = 0; j < rowLen; j++) {
      const tau = j - half + 1 - frac; // distance of input tap from the output instant
      const r = tau / half;
      const w = Math.abs(r) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / norm;
      const x = 2 * cutoff * tau;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      table[p * rowLen + j] = 2 * cutoff * sinc * w;
    }
  }
  return { half, phases, exact, table };
}

/**
 * Resamples `x` from `fromHz` to `toHz`. The output has round(len · toHz / fromHz) samples and
 * no added delay (the filter is centred). `loop` treats `x` as periodic, so a looped signal
 * stays seamless; otherwise samples outside `x` count as zero.
 */
export function resample(x: Float64Array, fromHz: number, toHz: number, loop = false): Float64Array {
  if (fromHz === toHz) return Float64Array.from(x);
  const d = designResampler(fromHz, toHz);
  const g = gcd(fromHz, toHz);
  const up = toHz / g;
  const down = fromHz / g;
  const n = Math.round((x.length * toHz) / fromHz);
  const out = new Float64Array(n);
  const rowLen = 2 * d.half;
  const len = x.length;
  for (let i = 0; i < n; i++) {
    // Exact position i·down/up in input samples, split into integer and fraction without drift.
    const num = i * down;
    const k = Math.floor(num / up);
    const pos = ((num - k * up) / up) * d.phases;
    const p = Math.floor(pos);
    const a = pos - p;
    const r0 = p * rowLen;
    const r1 = r0 + rowLen;
    let acc = 0;
    const first = k - d.half + 1;
    for (let j = 0; j < rowLen; j++) {
      let idx = first + j;
      if (idx < 0 || idx >= len) {
        if (!loop) continue;
        idx = ((idx % len) + len) % len;
      }
      const h = a === 0 ? d.table[r0 + j] : d.table[r0 + j] + a * (d.table[r1 + j] - d.table[r0 + j]);
      acc += x[idx] * h;
    }
    out[i] = acc;
  }
  return out;
}
