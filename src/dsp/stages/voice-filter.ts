/** voice_filter (voice_frequency_filter): Butterworth band-pass as a high-pass and a low-pass cascade. */
import { butterworth, type Biquad } from '../biquad.js';
import { type Params, num } from '../params.js';
import { DspConfigError } from '../types.js';
import { cascadeKernel } from './cascade-kernel.js';
import { type StageDefinition } from './stage.js';

/** Above this fraction of the sample rate the low-pass has nothing left to remove and is omitted. */
const LOWPASS_LIMIT = 0.45;

function design(p: Params, sampleRate: number): Biquad[] {
  const order = p.filter_order as number;
  const sections = butterworth('highpass', order, p.low_cutoff as number, sampleRate);
  const high = p.high_cutoff as number;
  if (high < LOWPASS_LIMIT * sampleRate) sections.push(...butterworth('lowpass', order, high, sampleRate));
  return sections;
}

/** Order-n Butterworth high-pass at low_cutoff and order-n low-pass at high_cutoff, as second-order sections. */
export const voiceFilter: StageDefinition = {
  description: 'Butterworth band-pass (high-pass at low_cutoff, low-pass at high_cutoff) as cascaded second-order sections',
  params: {
    low_cutoff: num(80, 10, 4000),
    high_cutoff: num(8000, 200, 24000),
    filter_order: { kind: 'choice', default: 4, choices: [2, 4, 6, 8] },
  },
  check(p, field) {
    if ((p.low_cutoff as number) >= (p.high_cutoff as number)) {
      throw new DspConfigError(`${field}.high_cutoff`, `${field}.high_cutoff must be above low_cutoff (${String(p.low_cutoff)} Hz)`);
    }
  },
  create: (params, sampleRate) => cascadeKernel(params, (p) => design(p, sampleRate), (_p, sections) => ({ sections })),
};
