/**
 * Second-order sections: RBJ "Audio EQ Cookbook" designs, Butterworth as cascaded sections, and a
 * cascade that keeps its state when its coefficients change (so live parameter updates do not click).
 */

/** Normalised biquad coefficients (a0 = 1). */
export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

/** The identity section. */
export const IDENTITY: Biquad = { b0: 1, b1: 0, b2: 0, a1: 0, a2: 0 };

/** Keeps design frequencies below Nyquist: RBJ formulas turn to NaN or garbage at and above it. */
export function clampFrequency(freq: number, sampleRate: number): number {
  return Math.min(Math.max(freq, 1), 0.45 * sampleRate);
}

function normalise(b0: number, b1: number, b2: number, a0: number, a1: number, a2: number): Biquad {
  return { b0: b0 / a0, b1: b1 / a0, b2: b2 / a0, a1: a1 / a0, a2: a2 / a0 };
}

/** RBJ shapes supported by `rbj`. */
export type RbjShape = 'lowpass' | 'highpass' | 'peak' | 'lowshelf' | 'highshelf';

/** One RBJ cookbook section; `gainDb` is used by peak and shelves only, `q` is the Q form of each. */
export function rbj(shape: RbjShape, freq: number, q: number, gainDb: number, sampleRate: number): Biquad {
  const w0 = (2 * Math.PI * clampFrequency(freq, sampleRate)) / sampleRate;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  const A = 10 ** (gainDb / 40);
  const sq = 2 * Math.sqrt(A) * alpha;
  switch (shape) {
    case 'lowpass':
      return normalise((1 - cos) / 2, 1 - cos, (1 - cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    case 'highpass':
      return normalise((1 + cos) / 2, -(1 + cos), (1 + cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    case 'peak':
      return normalise(1 + alpha * A, -2 * cos, 1 - alpha * A, 1 + alpha / A, -2 * cos, 1 - alpha / A);
    case 'lowshelf':
      return normalise(
        A * (A + 1 - (A - 1) * cos + sq),
        2 * A * (A - 1 - (A + 1) * cos),
        A * (A + 1 - (A - 1) * cos - sq),
        A + 1 + (A - 1) * cos + sq,
        -2 * (A - 1 + (A + 1) * cos),
        A + 1 + (A - 1) * cos - sq,
      );
    case 'highshelf':
      return normalise(
        A * (A + 1 + (A - 1) * cos + sq),
        -2 * A * (A - 1 + (A + 1) * cos),
        A * (A + 1 + (A - 1) * cos - sq),
        A + 1 - (A - 1) * cos + sq,
        2 * (A - 1 - (A + 1) * cos),
        A + 1 - (A - 1) * cos - sq,
      );
  }
}

/**
 * Butterworth low- or high-pass of even `order` as order/2 RBJ sections, each with the Q of one
 * conjugate pole pair: Q_k = 1 / (2 sin((2k+1)π / 2n)).
 */
export function butterworth(kind: 'lowpass' | 'highpass', order: number, freq: number, sampleRate: number): Biquad[] {
  const sections: Biquad[] = [];
  for (let k = 0; k < order / 2; k++) {
    const q = 1 / (2 * Math.sin(((2 * k + 1) * Math.PI) / (2 * order)));
    sections.push(rbj(kind, freq, q, 0, sampleRate));
  }
  return sections;
}

/** Magnitude response in dB of a cascade at `freq` (for tests and diagnostics). */
export function responseDb(sections: readonly Biquad[], freq: number, sampleRate: number): number {
  const w = (2 * Math.PI * freq) / sampleRate;
  let db = 0;
  for (const s of sections) {
    const c1 = Math.cos(w), s1 = Math.sin(w), c2 = Math.cos(2 * w), s2 = Math.sin(2 * w);
    const nr = s.b0 + s.b1 * c1 + s.b2 * c2, ni = -(s.b1 * s1 + s.b2 * s2);
    const dr = 1 + s.a1 * c1 + s.a2 * c2, di = -(s.a1 * s1 + s.a2 * s2);
    db += 10 * Math.log10((nr * nr + ni * ni) / (dr * dr + di * di));
  }
  return db;
}

/** A cascade of biquads in transposed direct form II, with per-section state. */
export class BiquadCascade {
  private coeffs = new Float64Array(0);
  private state = new Float64Array(0);

  constructor(sections: readonly Biquad[] = []) {
    this.setSections(sections);
  }

  /** Number of sections currently in the cascade. */
  get length(): number {
    return this.coeffs.length / 5;
  }

  /** Replaces the coefficients; state is kept where the section count is unchanged. */
  setSections(sections: readonly Biquad[]): void {
    if (sections.length * 5 !== this.coeffs.length) {
      this.coeffs = new Float64Array(sections.length * 5);
      this.state = new Float64Array(sections.length * 2);
    }
    sections.forEach((s, i) => this.coeffs.set([s.b0, s.b1, s.b2, s.a1, s.a2], i * 5));
  }

  /** Filters the first `n` samples of `x` in place. */
  process(x: Float64Array, n: number): void {
    const c = this.coeffs;
    const st = this.state;
    for (let s = 0; s < c.length / 5; s++) {
      const b0 = c[s * 5], b1 = c[s * 5 + 1], b2 = c[s * 5 + 2], a1 = c[s * 5 + 3], a2 = c[s * 5 + 4];
      let z1 = st[s * 2], z2 = st[s * 2 + 1];
      for (let i = 0; i < n; i++) {
        const xi = x[i];
        const y = b0 * xi + z1;
        z1 = b1 * xi - a1 * y + z2;
        z2 = b2 * xi - a2 * y;
        x[i] = y;
      }
      // Flush denormals left by decaying tails (they cost 100x on some CPUs).
      st[s * 2] = Math.abs(z1) < 1e-30 ? 0 : z1;
      st[s * 2 + 1] = Math.abs(z2) < 1e-30 ? 0 : z2;
    }
  }
}
