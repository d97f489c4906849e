/** Deterministic test signals (float, full scale ±1) shared by the unit tests and the bench. */

/** A sine of `n` samples with peak `amplitude`, starting at `phase` radians. */
export function sine(n: number, freq: number, sampleRate: number, amplitude = 1, phase = 0): Float64Array {
  const x = new Float64Array(n);
  const w = (2 * Math.PI * freq) / sampleRate;
  for (let i = 0; i < n; i++) x[i] = amplitude * Math.sin(w * i + phase);
  return x;
}

/** Uniform white noise with the given RMS, from a seeded xorshift32 (same seed, same noise). */
export function whiteNoise(n: number, rms: number, seed = 1): Float64Array {
  const x = new Float64Array(n);
  let s = seed >>> 0 || 1;
  const amp = rms * Math.sqrt(3);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    x[i] = amp * ((s / 4294967296) * 2 - 1);
  }
  return x;
}

/** Sum of equally long signals. */
export function mix(...signals: Float64Array[]): Float64Array {
  const out = new Float64Array(signals[0].length);
  for (const s of signals) for (let i = 0; i < out.length; i++) out[i] += s[i];
  return out;
}

/** Float samples to 16-bit PCM, rounded and clipped. */
export function toPcm(x: Float64Array): Int16Array {
  const out = new Int16Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(x[i] * 32767)));
  return out;
}

/** RMS in dBFS of float samples (or 16-bit PCM, scaled by 1/32768). */
export function levelDb(x: ArrayLike<number>, scale = 1): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] * scale) ** 2;
  return 10 * Math.log10(s / x.length + 1e-30);
}

/**
 * SNR of a known tone in `x`: least-squares fit of a sine and cosine at `freq`; the fit's power
 * over the residual's power, in dB. Measures what a noise reducer did to a tone in noise.
 */
export function toneSnrDb(x: ArrayLike<number>, freq: number, sampleRate: number): number {
  const w = (2 * Math.PI * freq) / sampleRate;
  let ss = 0, cc = 0, sc = 0, xs = 0, xc = 0;
  for (let i = 0; i < x.length; i++) {
    const s = Math.sin(w * i), c = Math.cos(w * i);
    ss += s * s;
    cc += c * c;
    sc += s * c;
    xs += x[i] * s;
    xc += x[i] * c;
  }
  const det = ss * cc - sc * sc;
  const a = (xs * cc - xc * sc) / det;
  const b = (xc * ss - xs * sc) / det;
  let sig = 0, res = 0;
  for (let i = 0; i < x.length; i++) {
    const fit = a * Math.sin(w * i) + b * Math.cos(w * i);
    sig += fit * fit;
    res += (x[i] - fit) ** 2;
  }
  return 10 * Math.log10(sig / res);
}
