/**
 * Test signal: a phase-continuous sine, cut into chunks and base64-encoded once (pure); and the
 * interface through which sessions hand returned audio to the audio check (src/audio/).
 */

export interface ToneSpec {
  sampleRate: number;
  chunkMs: number;
  toneHz: number;
  /** Peak level in dBFS; 0 = full scale. */
  levelDbfs: number;
}

/** More distinct chunks than this are not precomputed; the cycle restarts (one phase jump). */
export const MAX_DISTINCT_CHUNKS = 600;

/** Samples in one chunk (rounded to whole samples). */
export function samplesPerChunk(sampleRate: number, chunkMs: number): number {
  return Math.round((sampleRate * chunkMs) / 1000);
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * How many chunks before the sine's phase repeats: the smallest k with
 * k * samples * toneHz / sampleRate an integer (exact for integer frequencies).
 */
export function chunksPerCycle(spec: ToneSpec): number {
  const samples = samplesPerChunk(spec.sampleRate, spec.chunkMs);
  if (!Number.isInteger(spec.toneHz)) return MAX_DISTINCT_CHUNKS;
  const num = samples * spec.toneHz;
  const k = spec.sampleRate / gcd(num, spec.sampleRate);
  return Math.min(k, MAX_DISTINCT_CHUNKS);
}

/** PCM of chunk `index` (signed 16-bit), continuing the phase of the previous chunk. */
export function sineChunk(spec: ToneSpec, index: number): Int16Array {
  const n = samplesPerChunk(spec.sampleRate, spec.chunkMs);
  const amp = 32767 * 10 ** (spec.levelDbfs / 20);
  const out = new Int16Array(n);
  const w = (2 * Math.PI * spec.toneHz) / spec.sampleRate;
  const first = index * n;
  for (let i = 0; i < n; i++) out[i] = Math.round(amp * Math.sin(w * (first + i)));
  return out;
}

/** Little-endian base64 of 16-bit PCM (standard alphabet, padded). */
export function pcmToBase64(pcm: Int16Array): string {
  const bytes = Buffer.alloc(pcm.length * 2);
  for (let i = 0; i < pcm.length; i++) bytes.writeInt16LE(pcm[i], i * 2);
  return bytes.toString('base64');
}

/** The distinct chunks of one phase cycle, base64-encoded, computed once per run. */
export function precomputeChunks(spec: ToneSpec): string[] {
  const k = chunksPerCycle(spec);
  return Array.from({ length: k }, (_, i) => pcmToBase64(sineChunk(spec, i)));
}

/**
 * Receives the `processed_audio` frames of the sessions it watches. A session asks `watches`
 * once; unwatched sessions never call it, so their per-chunk path is unchanged.
 */
export interface ReturnedAudioTap {
  watches(index: number): boolean;
  /** Chunk `seq` (counted from the session's first chunk) came back in `frame`; `measured`: due in the measured window. */
  returned(index: number, seq: number, measured: boolean, frame: Buffer): void;
}
