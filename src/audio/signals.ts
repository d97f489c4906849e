/**
 * Built-in probe signals (`--signal`), float full scale ±1, each a seamless loop of a given
 * length. All are deterministic: the same arguments give the same samples.
 *   chirp  - linear sweep from 100 Hz to 45 % of the sample rate, repeated (sharp autocorrelation,
 *            so the returned audio's delay is unambiguous within a sweep).
 *   noise  - uniform white noise from a seeded xorshift32.
 *   speech - synthetic speech: voiced harmonics of a moving pitch shaped by three moving formants
 *            (vowel to vowel glides), a syllable-rate envelope (~4 syllables/s), short fricative
 *            noise at some onsets, and real pauses (digital silence) between words.
 */

export const SIGNALS = ['sine', 'chirp', 'noise', 'speech'] as const;
export type SignalName = (typeof SIGNALS)[number];

/** A seeded xorshift32 generator of uniform numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** Linear sweep over `n` samples from 100 Hz to 0.45·rate, phase-continuous across the loop. */
export function chirp(n: number, sampleRate: number): Float64Array {
  const f0 = 100;
  const seconds = n / sampleRate;
  // Whole cycles per sweep, so the phase closes: cycles = seconds · (f0 + f1) / 2.
  const cycles = Math.round((seconds * (f0 + 0.45 * sampleRate)) / 2);
  const f1 = (2 * cycles) / seconds - f0;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    x[i] = Math.sin(2 * Math.PI * (f0 * t + ((f1 - f0) * t * t) / (2 * seconds)));
  }
  return x;
}

/** Uniform white noise, peak 1, from a seeded xorshift32 (same seed, same noise). */
export function noise(n: number, seed = 1): Float64Array {
  const rnd = seededRandom(seed);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = rnd() * 2 - 1;
  return x;
}

/** Formant targets (Hz) of five vowels: F1, F2, F3. */
const VOWELS: [number, number, number][] = [[730, 1090, 2440], [270, 2290, 3010], [300, 870, 2240], [530, 1840, 2480], [570, 840, 2410]];
const BANDWIDTHS = [90, 110, 170];

/** One syllable or pause of the synthetic speech script. */
interface Segment {
  start: number;
  length: number;
  /** Vowel index, or -1 for a pause. */
  vowel: number;
  f0: number;
  fricative: boolean;
}

/** Words of 1-4 syllables (160-300 ms each) separated by 250-700 ms pauses, filling `n` samples. */
function script(n: number, sampleRate: number, rnd: () => number): Segment[] {
  const out: Segment[] = [];
  let at = Math.round(0.15 * sampleRate); // a short lead-in pause
  while (at < n) {
    const syllables = 1 + Math.floor(rnd() * 4);
    const pitch = 100 + rnd() * 80;
    for (let s = 0; s < syllables && at < n; s++) {
      const length = Math.round((0.16 + rnd() * 0.14) * sampleRate);
      out.push({ start: at, length: Math.min(length, n - at), vowel: Math.floor(rnd() * VOWELS.length), f0: pitch * (1 - 0.06 * s), fricative: rnd() < 0.3 });
      at += length;
    }
    at += Math.round((0.25 + rnd() * 0.45) * sampleRate);
  }
  return out;
}

/** Magnitude of a two-pole resonance at `f` for a formant at `fc` with bandwidth `bw`. */
function resonance(f: number, fc: number, bw: number): number {
  const r = f / fc;
  return 1 / Math.sqrt((1 - r * r) ** 2 + ((f * bw) / (fc * fc)) ** 2);
}

/** Syllable envelope: 30 ms raised-cosine attack, 60 ms release. */
function envelope(i: number, length: number, sampleRate: number): number {
  const attack = 0.03 * sampleRate;
  const release = 0.06 * sampleRate;
  if (i < attack) return 0.5 - 0.5 * Math.cos((Math.PI * i) / attack);
  const tail = length - i;
  return tail < release ? 0.5 - 0.5 * Math.cos((Math.PI * tail) / release) : 1;
}

/** Harmonic amplitudes for pitch `f0` through formants `fm` (recomputed every few ms). */
function harmonicAmps(f0: number, fm: number[], nyquist: number, out: Float64Array): number {
  let count = 0;
  for (let k = 1; k * f0 < 0.9 * nyquist && k <= out.length; k++) {
    let a = 0;
    for (let j = 0; j < 3; j++) a += resonance(k * f0, fm[j], BANDWIDTHS[j]) / (j + 1);
    out[k - 1] = a / k;
    count = k;
  }
  return count;
}

function voice(x: Float64Array, seg: Segment, from: number[], sampleRate: number, rnd: () => number): void {
  const to = VOWELS[seg.vowel];
  const amps = new Float64Array(80);
  const fm = [0, 0, 0];
  let phase = 0;
  let count = 0;
  const glide = 0.4 * seg.length;
  for (let i = 0; i < seg.length; i++) {
    const f0 = seg.f0 * (1 + 0.08 * Math.sin((Math.PI * i) / seg.length) - 0.05 * (i / seg.length));
    if (i % 64 === 0) {
      const g = Math.min(1, i / glide);
      for (let j = 0; j < 3; j++) fm[j] = from[j] + (to[j] - from[j]) * g;
      count = harmonicAmps(f0, fm, sampleRate / 2, amps);
    }
    phase += (2 * Math.PI * f0) / sampleRate;
    let v = 0;
    for (let k = 0; k < count; k++) v += amps[k] * Math.sin((k + 1) * phase);
    let s = v * envelope(i, seg.length, sampleRate);
    if (seg.fricative && i < 0.05 * sampleRate) s += 0.3 * (rnd() * 2 - 1) * (1 - i / (0.05 * sampleRate));
    x[seg.start + i] = s;
  }
}

/** Synthetic speech of `n` samples (see the file comment), peak 1; the loop ends in a pause. */
export function speech(n: number, sampleRate: number, seed = 7): Float64Array {
  const rnd = seededRandom(seed);
  const x = new Float64Array(n);
  let from = VOWELS[0];
  // Keep the last 300 ms silent so the loop's seam is a pause.
  const body = Math.max(0, n - Math.round(0.3 * sampleRate));
  for (const seg of script(body, sampleRate, rnd)) {
    voice(x, seg, from, sampleRate, rnd);
    from = VOWELS[seg.vowel];
  }
  let peak = 0;
  for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(x[i]));
  if (peak > 0) for (let i = 0; i < n; i++) x[i] /= peak;
  return x;
}
