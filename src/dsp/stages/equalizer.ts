/** equalizer: RBJ low shelf, mid peak and high shelf. */
import { rbj, type Biquad } from '../biquad.js';
import { type ParamSpecs, type Params, num } from '../params.js';
import { cascadeKernel } from './cascade-kernel.js';
import { type StageDefinition } from './stage.js';

function band(freq: number, q: number): ParamSpecs {
  return {
    freq: num(freq, 20, 24000),
    gain: num(0, -24, 24),
    q: num(q, 0.1, 10),
  };
}

const BANDS = [
  ['low_shelf', 'lowshelf'],
  ['mid_peak', 'peak'],
  ['high_shelf', 'highshelf'],
] as const;

/** Bands at 0 dB are left out: they are the identity and cost time. Frequencies above 0.45·fs are clamped. */
function design(p: Params, sampleRate: number): Biquad[] {
  const sections: Biquad[] = [];
  for (const [name, shape] of BANDS) {
    const b = p[name] as { freq: number; gain: number; q: number };
    if (b.gain !== 0) sections.push(rbj(shape, b.freq, b.q, b.gain, sampleRate));
  }
  return sections;
}

/** Three-band equalizer (RBJ cookbook sections). */
export const equalizer: StageDefinition = {
  description: 'Three-band equalizer: RBJ low shelf, peaking mid and high shelf (frequencies clamped below Nyquist)',
  params: {
    low_shelf: { kind: 'group', fields: band(100, 0.7) },
    mid_peak: { kind: 'group', fields: band(1000, 1.0) },
    high_shelf: { kind: 'group', fields: band(10000, 0.7) },
  },
  create: (params, sampleRate) => cascadeKernel(params, (p) => design(p, sampleRate), (_p, sections) => ({ active_bands: sections })),
};
