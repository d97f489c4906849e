/**
 * vad: energy against an adaptive noise floor, with zero-crossing rate to tell hiss from voice.
 *
 * Decisions are per frame (frame_duration ms). A frame is voice-like when its energy clears the
 * floor by a margin (threshold and aggressiveness raise it) and an absolute minimum; frames with a
 * noise-like zero-crossing rate must clear it by 10 dB more. Speech is confirmed after
 * min_speech_duration of voice-like frames (longer at higher aggressiveness) and held for
 * min_silence_duration after the last one (hangover).
 *
 * Audio: non-speech stretches are attenuated by 6 + 4·aggressiveness dB (a gate that opens on the
 * first voice-like frame, not on confirmation, so onsets survive). The floor follows minima at
 * once but rises only slowly and never above FLOOR_CEILING_DB, so a steady tone above that stays
 * "speech" and passes untouched for as long as it lasts.
 */
import { type Params, num } from '../params.js';
import { type StageDefinition, type StageKernel } from './stage.js';

const FLOOR_CEILING_DB = -45;
const FLOOR_RISE_DB_PER_S = 1;
const NOISY_ZCR = 0.45;
const GATE_SMOOTHING_S = 0.005;

class EnergyVad implements StageKernel {
  readonly latencySamples = 0;
  private p: Params;
  private frameLength = 1;
  private energy = 0;
  private crossings = 0;
  private count = 0;
  private last = 0;
  private floorDb = Number.NaN;
  private run = 0;
  /** Frames since the last voice-like one; starts past any hangover, so the gate starts closed. */
  private quiet = Number.MAX_SAFE_INTEGER;
  private speech = false;
  private open = false;
  private gain = 1;
  private framesInCall = 0;
  private speechFramesInCall = 0;
  private readonly gateCoeff: number;

  constructor(
    params: Params,
    private readonly sampleRate: number,
  ) {
    this.p = params;
    this.gateCoeff = Math.exp(-1 / (GATE_SMOOTHING_S * sampleRate));
    this.configure(params);
  }

  configure(p: Params): void {
    this.p = p;
    this.frameLength = Math.max(1, Math.round(((p.frame_duration as number) * this.sampleRate) / 1000));
  }

  private get frameSeconds(): number {
    return this.frameLength / this.sampleRate;
  }

  /** Classifies the frame just completed and updates the floor, confirmation and hangover. */
  private endFrame(): void {
    const a = this.p.aggressiveness as number;
    const db = Math.max(-100, 10 * Math.log10(this.energy / this.frameLength + 1e-20));
    const zcr = this.crossings / this.frameLength;
    if (Number.isNaN(this.floorDb) || db < this.floorDb) this.floorDb = Math.min(db, FLOOR_CEILING_DB);
    else this.floorDb = Math.min(FLOOR_CEILING_DB, this.floorDb + FLOOR_RISE_DB_PER_S * this.frameSeconds);
    const margin = 3 + 6 * (this.p.threshold as number) + 2 * a + (zcr > NOISY_ZCR ? 10 : 0);
    const voiced = db > this.floorDb + margin && db > -60 + 2 * a;
    this.run = voiced ? this.run + 1 : 0;
    this.quiet = voiced ? 0 : Math.min(this.quiet + 1, Number.MAX_SAFE_INTEGER);
    const onset = Math.max(1, Math.round(((this.p.min_speech_duration as number) * (1 + a / 3)) / this.frameSeconds));
    const hang = Math.round((this.p.min_silence_duration as number) / this.frameSeconds);
    if (this.run >= onset) this.speech = true;
    else if (this.quiet > hang) this.speech = false;
    this.open = voiced || this.quiet <= hang;
    this.framesInCall++;
    if (this.speech) this.speechFramesInCall++;
    this.energy = this.crossings = this.count = 0;
  }

  process(x: Float64Array, n: number): void {
    this.framesInCall = this.speechFramesInCall = 0;
    const closed = 10 ** (-(6 + 4 * (this.p.aggressiveness as number)) / 20);
    const c = this.gateCoeff;
    for (let i = 0; i < n; i++) {
      const v = x[i];
      this.energy += v * v;
      if ((v >= 0) !== (this.last >= 0)) this.crossings++;
      this.last = v;
      if (++this.count === this.frameLength) this.endFrame();
      this.gain = c * this.gain + (1 - c) * (this.open ? 1 : closed);
      x[i] = v * this.gain;
    }
  }

  details(): Record<string, unknown> {
    const ratio = this.framesInCall > 0 ? this.speechFramesInCall / this.framesInCall : this.speech ? 1 : 0;
    return { speech_detected: this.speechFramesInCall > 0 || (this.framesInCall === 0 && this.speech), speech_ratio: ratio };
  }
}

/** Energy + zero-crossing voice activity detector with a gentle gate on non-speech. */
export const vad: StageDefinition = {
  description: 'Voice activity detection: frame energy against an adaptive noise floor plus zero-crossing rate; attenuates non-speech gently',
  params: {
    threshold: num(0.5, 0, 1),
    min_speech_duration: num(0.1, 0, 5),
    min_silence_duration: num(0.3, 0, 5),
    aggressiveness: { kind: 'choice', default: 2, choices: [0, 1, 2, 3] },
    frame_duration: { kind: 'choice', default: 30, choices: [10, 20, 30] },
  },
  create: (params, sampleRate) => new EnergyVad(params, sampleRate),
};
