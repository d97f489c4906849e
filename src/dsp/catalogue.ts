/** The stage catalogue of protocol.md section 3 and the front-end → server stage-name mapping. */
import { defaultsOf } from './params.js';
import { agc } from './stages/agc.js';
import { compression } from './stages/compression.js';
import { equalizer } from './stages/equalizer.js';
import { limiter } from './stages/limiter.js';
import { lufsNormalization } from './stages/lufs-normalization.js';
import { noiseReduction } from './stages/noise-reduction.js';
import { passthrough } from './stages/passthrough.js';
import { spectralDenoising } from './stages/spectral-denoising.js';
import { type StageDefinition } from './stages/stage.js';
import { vad } from './stages/vad.js';
import { voiceEnhancement } from './stages/voice-enhancement.js';
import { voiceFilter } from './stages/voice-filter.js';

/** The ten processing stages, by their catalogue (front-end) names. */
const STAGES: Readonly<Record<string, StageDefinition>> = {
  vad,
  voice_filter: voiceFilter,
  noise_reduction: noiseReduction,
  voice_enhancement: voiceEnhancement,
  equalizer,
  spectral_denoising: spectralDenoising,
  lufs_normalization: lufsNormalization,
  agc,
  compression,
  limiter,
};

/** Front-end names the server renames (protocol.md section 2); every other name is kept. */
const ID_MAP: Readonly<Record<string, string>> = {
  voice_filter: 'voice_frequency_filter',
  file_input: 'input',
  record_input: 'input',
  speaker_output: 'output',
  file_output: 'output',
};

/** Stage ids that only carry audio through. */
const PASSTHROUGH_IDS = new Set(['input', 'output']);

/** The server-side id of a stage name: voice_filter → voice_frequency_filter, file_input → input, ... */
export function mapStageId(name: string): string {
  return Object.hasOwn(ID_MAP, name) ? ID_MAP[name] : name;
}

/** The definition behind a front-end or mapped stage name, or undefined when unknown. */
export function stageDefinition(name: string): StageDefinition | undefined {
  const id = mapStageId(name);
  if (id === 'voice_frequency_filter') return voiceFilter;
  if (PASSTHROUGH_IDS.has(id)) return passthrough;
  return Object.hasOwn(STAGES, id) ? STAGES[id] : undefined;
}

/** Every stage name accepted in a pipeline, for error messages. */
export const ACCEPTED_STAGE_NAMES: readonly string[] = [
  ...Object.keys(STAGES),
  'voice_frequency_filter',
  ...PASSTHROUGH_IDS,
  ...Object.keys(ID_MAP).filter((k) => k !== 'voice_filter'),
];

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/**
 * The ten stages of protocol.md with a description and their parameter defaults (frozen).
 * Parameters whose default is null are derived when absent (voice_enhancement clarity/warmth
 * come from enhancement_strength).
 */
export const STAGE_CATALOGUE: Readonly<Record<string, { description: string; defaults: Record<string, unknown> }>> = deepFreeze(
  Object.fromEntries(Object.entries(STAGES).map(([name, def]) => [name, { description: def.description, defaults: defaultsOf(def.params) }])),
);
