/**
 * The audio a run streams: a probe signal or a WAV file, mixed to mono, resampled to the
 * session rate, cut into chunks and base64-encoded once. Every session loops the same chunks
 * from its own starting chunk, so the frame templates stay shared (zero-copy sends).
 */
import { chunksPerCycle, pcmToBase64, samplesPerChunk, sineChunk } from '../load/audio.js';
import { resample } from './resample.js';
import { chirp, noise, seededRandom, speech, type SignalName } from './signals.js';
import { readWav, WavError, type WavAudio, type WavFormat } from './wav.js';

/** Longest stretch of a file that is streamed; the rest is left out (with a note). */
export const MAX_LOOP_S = 120;
/** Loop length of the generated chirp, noise and speech signals. */
export const SIGNAL_LOOP_S = { chirp: 2, noise: 10, speech: 8 } as const;

export const OFFSET_MODES = ['spread', 'random', '0'] as const;
export type OffsetMode = (typeof OFFSET_MODES)[number];

export interface AudioSourceSpec {
  sampleRate: number;
  chunkMs: number;
  /** Peak level of the probe signals in dBFS (0 = full scale); a file keeps its own level. */
  levelDbfs: number;
  toneHz: number;
  signal: SignalName;
  /** A WAV file's bytes and its name for messages; overrides `signal`. */
  file?: { name: string; bytes: Uint8Array };
}

/** The looped audio of a run. */
export interface AudioSource {
  /** What is streamed, for reports: `signal sine 440 Hz` or `file speech.wav (22050 Hz, 2 ch, 16-bit)`. */
  label: string;
  sampleRate: number;
  chunkSamples: number;
  /** The loop, a whole number of chunks long. */
  pcm: Int16Array;
  /** Base64 of each chunk of the loop. */
  chunks: string[];
  notes: string[];
}

/** A bad `--audio` file: a usage error, raised before anything connects. */
export class AudioInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AudioInputError';
  }
}

function toPcm(x: Float64Array, peak: number): Int16Array {
  const out = new Int16Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = Math.round(x[i] * peak);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}

function signalLoop(spec: AudioSourceSpec, n: number): { pcm: Int16Array; label: string } {
  const peak = 32767 * 10 ** (spec.levelDbfs / 20);
  if (spec.signal === 'sine') {
    const k = chunksPerCycle(spec);
    const pcm = new Int16Array(k * n);
    for (let i = 0; i < k; i++) pcm.set(sineChunk(spec, i), i * n);
    return { pcm, label: `signal sine ${spec.toneHz} Hz` };
  }
  const len = Math.ceil((SIGNAL_LOOP_S[spec.signal] * spec.sampleRate) / n) * n;
  const x = spec.signal === 'chirp' ? chirp(len, spec.sampleRate) : spec.signal === 'noise' ? noise(len) : speech(len, spec.sampleRate);
  return { pcm: toPcm(x, peak), label: `signal ${spec.signal}` };
}

function describe(name: string, f: WavFormat): string {
  const kind = f.format === 3 ? `${f.bitsPerSample}-bit float` : `${f.bitsPerSample}-bit`;
  return `file ${name} (${f.sampleRate} Hz, ${f.channels} ch, ${kind}${f.extensible ? ', extensible' : ''})`;
}

function decodeFile(file: { name: string; bytes: Uint8Array }, sampleRate: number, chunkMs: number): WavAudio {
  let wav: WavAudio;
  try {
    wav = readWav(file.bytes);
  } catch (err) {
    if (err instanceof WavError) throw new AudioInputError(`--audio ${file.name}: ${err.message}`);
    throw err;
  }
  const n = samplesPerChunk(sampleRate, chunkMs);
  if (Math.round((wav.frames * sampleRate) / wav.format.sampleRate) < n) {
    const ms = ((1000 * wav.frames) / wav.format.sampleRate).toFixed(1);
    throw new AudioInputError(`--audio ${file.name}: ${ms} ms of audio is shorter than one ${chunkMs} ms chunk; use a longer file or a smaller --chunk-ms`);
  }
  return wav;
}

/** Why `bytes` cannot be streamed as `--audio` (the message), or null when it can. */
export function wavProblem(name: string, bytes: Uint8Array, sampleRate: number, chunkMs: number): string | null {
  try {
    decodeFile({ name, bytes }, sampleRate, chunkMs);
    return null;
  } catch (err) {
    if (err instanceof AudioInputError) return err.message;
    throw err;
  }
}

function fileLoop(spec: AudioSourceSpec, file: { name: string; bytes: Uint8Array }, n: number, notes: string[]): { pcm: Int16Array; label: string } {
  const wav = decodeFile(file, spec.sampleRate, spec.chunkMs);
  let mono = wav.mono;
  const maxIn = MAX_LOOP_S * wav.format.sampleRate;
  if (mono.length > maxIn) {
    notes.push(`--audio ${file.name}: only the first ${MAX_LOOP_S} s of ${(mono.length / wav.format.sampleRate).toFixed(0)} s are streamed`);
    mono = mono.subarray(0, maxIn);
  }
  const x = resample(mono, wav.format.sampleRate, spec.sampleRate, true);
  // Pad the loop with silence to a whole number of chunks (a short pause at the seam).
  const pcm = new Int16Array(Math.ceil(x.length / n) * n);
  pcm.set(toPcm(x, 32768));
  return { pcm, label: describe(file.name, wav.format) };
}

/** Builds the looped, chunked audio of a run. Throws AudioInputError for a bad file. */
export function buildAudioSource(spec: AudioSourceSpec): AudioSource {
  const n = samplesPerChunk(spec.sampleRate, spec.chunkMs);
  const notes: string[] = [];
  const { pcm, label } = spec.file ? fileLoop(spec, spec.file, n, notes) : signalLoop(spec, n);
  const chunks: string[] = [];
  for (let at = 0; at < pcm.length; at += n) chunks.push(pcmToBase64(pcm.subarray(at, at + n)));
  return { label, sampleRate: spec.sampleRate, chunkSamples: n, pcm, chunks, notes };
}

/**
 * The chunk each session starts its loop at: `spread` evenly over the loop, `random` seeded
 * (the same run plan gives the same offsets), `0` all in phase.
 */
export function sessionOffsets(mode: OffsetMode, sessions: number, loopChunks: number, seed = 1): number[] {
  if (mode === '0' || loopChunks <= 1) return new Array<number>(sessions).fill(0);
  if (mode === 'spread') return Array.from({ length: sessions }, (_, i) => Math.floor((i * loopChunks) / sessions));
  const rnd = seededRandom(seed);
  return Array.from({ length: sessions }, () => Math.floor(rnd() * loopChunks));
}
