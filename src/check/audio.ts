/** Test signals for the checks, built once from the load generator's sine and the DSP's codecs. */
import { pcmToBase64, sineChunk } from '../load/audio.js';
import { encodeWav, pcmFromBase64 } from '../dsp/index.js';

/** The protocol's rate: every check sends 16 kHz mono PCM. */
export const SAMPLE_RATE = 16000;

/** A sine of `seconds` at `hz`, peak `dbfs` (0 = full scale), as 16-bit PCM. */
export function tone(hz: number, seconds: number, dbfs: number): Int16Array {
  return sineChunk({ sampleRate: SAMPLE_RATE, chunkMs: seconds * 1000, toneHz: hz, levelDbfs: dbfs }, 0);
}

/** Base64 PCM of a tone. */
export function toneBase64(hz: number, seconds: number, dbfs: number): string {
  return pcmToBase64(tone(hz, seconds, dbfs));
}

/** A mono 16-bit WAV file of a tone. */
export function toneWav(hz: number, seconds: number, dbfs: number): Uint8Array {
  return encodeWav(tone(hz, seconds, dbfs), SAMPLE_RATE);
}

/** The guide's chunk: 100 ms of 440 Hz (1600 samples, 3200 bytes, 4268 base64 characters). */
export const CHUNK_BASE64 = toneBase64(440, 0.1, -6);

/** Samples in base64 PCM, or the reason it is not valid 16-bit PCM. */
export function decodePcm(b64: unknown): { samples: number } | { problem: string } {
  if (typeof b64 !== 'string') return { problem: `not a base64 string (${typeof b64})` };
  try {
    return { samples: pcmFromBase64(b64).length };
  } catch (err) {
    return { problem: (err as Error).message };
  }
}
