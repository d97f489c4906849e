/**
 * voice_enhancement: static EQ for speech. Presence peak at 3 kHz (clarity), low shelf at 200 Hz
 * (warmth), a gentle second-formant lift at 1.5 kHz, and a high-shelf cut at 6 kHz for sibilance.
 */
import { rbj, type Biquad } from '../biquad.js';
import { type Params, num } from '../params.js';
import { cascadeKernel } from './cascade-kernel.js';
import { type StageDefinition } from './stage.js';

const PRESENCE_MAX_DB = 6;
const WARMTH_MAX_DB = 4;
const FORMANT_MAX_DB = 2;
const SIBILANCE_MAX_CUT_DB = 6;

/** The gains in dB; clarity and warmth default to values derived from enhancement_strength. */
export function enhancementGains(p: Params): { presence: number; warmth: number; formant: number; sibilance: number } {
  const strength = p.enhancement_strength as number;
  const clarity = (p.clarity as number | null) ?? strength;
  const warmth = (p.warmth as number | null) ?? strength / 2;
  return {
    presence: PRESENCE_MAX_DB * clarity,
    warmth: WARMTH_MAX_DB * warmth,
    formant: p.formant_correction ? FORMANT_MAX_DB * strength : 0,
    sibilance: -SIBILANCE_MAX_CUT_DB * (p.sibilance_control as number),
  };
}

function design(p: Params, sampleRate: number): Biquad[] {
  const g = enhancementGains(p);
  const sections: Biquad[] = [];
  if (g.warmth !== 0) sections.push(rbj('lowshelf', 200, 0.7, g.warmth, sampleRate));
  if (g.formant !== 0) sections.push(rbj('peak', 1500, 1.2, g.formant, sampleRate));
  if (g.presence !== 0) sections.push(rbj('peak', 3000, 1.0, g.presence, sampleRate));
  if (g.sibilance !== 0) sections.push(rbj('highshelf', 6000, 0.7, g.sibilance, sampleRate));
  return sections;
}

/** Speech EQ; `clarity`/`warmth` (pipeline form, 0..1) override what enhancement_strength implies. */
export const voiceEnhancement: StageDefinition = {
  description: 'Speech EQ: presence peak at 3 kHz (clarity), low shelf at 200 Hz (warmth), formant lift, sibilance shelf cut',
  params: {
    enhancement_strength: num(0.6, 0, 1),
    formant_correction: { kind: 'boolean', default: true },
    sibilance_control: num(0.3, 0, 1),
    clarity: num(null, 0, 1),
    warmth: num(null, 0, 1),
  },
  create: (params, sampleRate) =>
    cascadeKernel(params, (p) => design(p, sampleRate), (p) => {
      const g = enhancementGains(p);
      return { presence_db: g.presence, warmth_db: g.warmth, formant_db: g.formant, sibilance_db: g.sibilance };
    }),
};
