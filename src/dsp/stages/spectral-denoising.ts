/**
 * spectral_denoising: magnitude spectral subtraction (Boll 1979) with over-subtraction and a
 * spectral floor. noise_profile "auto" tracks the noise all along; "initial" learns it from the
 * first LEARN_S seconds and then freezes it. preserve_speech halves the subtraction in the
 * speech band so vowels keep their body.
 */
import { type NoiseFloor } from '../noise-floor.js';
import { type Params, num } from '../params.js';
import { stftSizeFor } from '../stft.js';
import { spectralKernel, type SpectralRule } from './spectral-kernel.js';
import { type StageDefinition } from './stage.js';

const LEARN_S = 0.5;
const SPEECH_BAND_HZ = [250, 4000] as const;

class SubtractionRule implements SpectralRule {
  private over = 2;
  private floor = 0.1;
  private preserve = true;
  private learnFrames = Infinity;
  private frames = 0;
  private noise: NoiseFloor | undefined;

  constructor(
    private readonly sampleRate: number,
    private readonly size: number,
  ) {}

  configure(p: Params, noise: NoiseFloor): void {
    const s = p.reduction_strength as number;
    this.over = 1 + 2 * s;
    this.floor = 10 ** ((-30 * s) / 20);
    this.preserve = p.preserve_speech as boolean;
    this.noise = noise;
    this.learnFrames = p.noise_profile === 'initial' ? Math.ceil((LEARN_S * this.sampleRate) / (this.size / 2)) : Infinity;
    noise.frozen = this.frames >= this.learnFrames;
  }

  gains(power: Float64Array, noise: Float64Array, gains: Float64Array): void {
    if (++this.frames >= this.learnFrames && this.noise) this.noise.frozen = true;
    const binHz = this.sampleRate / this.size;
    const lo = Math.ceil(SPEECH_BAND_HZ[0] / binHz);
    const hi = Math.floor(SPEECH_BAND_HZ[1] / binHz);
    for (let k = 0; k < power.length; k++) {
      const gentle = this.preserve && k >= lo && k <= hi;
      const over = gentle ? 1 + (this.over - 1) / 2 : this.over;
      const floor = gentle ? Math.sqrt(this.floor) : this.floor;
      const g = power[k] > 0 ? 1 - over * Math.sqrt(noise[k] / power[k]) : 0;
      gains[k] = g > floor ? g : floor;
    }
  }
}

/** STFT spectral subtraction (32 ms frames, 50 % overlap, 32 ms delay). */
export const spectralDenoising: StageDefinition = {
  description: 'Spectral subtraction with over-subtraction and a floor; noise tracked continuously ("auto") or learnt from the first 0.5 s ("initial")',
  params: {
    noise_profile: { kind: 'choice', default: 'auto', choices: ['auto', 'initial'] },
    reduction_strength: num(0.7, 0, 1),
    preserve_speech: { kind: 'boolean', default: true },
  },
  create(params, sampleRate) {
    return spectralKernel(params, sampleRate, new SubtractionRule(sampleRate, stftSizeFor(sampleRate)));
  },
};
