/**
 * WAV for the reference server: decoding goes through the one reader (src/audio/wav.ts) and
 * mixes down to mono 16-bit; encoding writes a canonical 44-byte-header file.
 */
import { readWav, WavError } from '../audio/wav.js';
import { floatToInt16 } from './pcm.js';
import { DspConfigError } from './types.js';

const FORMAT_PCM = 1;

/** A decoded WAV file: its rate and channel count, and its audio mixed down to mono. */
export interface DecodedWav {
  sampleRate: number;
  channels: number;
  pcm: Int16Array;
}

/** Parses a WAV file. Throws DspConfigError('audio_file', ...) for anything it cannot read. */
export function decodeWav(buf: Uint8Array): DecodedWav {
  try {
    const wav = readWav(buf);
    const pcm = floatToInt16(wav.mono, wav.frames);
    return { sampleRate: wav.format.sampleRate, channels: wav.format.channels, pcm };
  } catch (err) {
    if (err instanceof WavError) throw new DspConfigError('audio_file', err.message);
    throw err;
  }
}

/** Encodes mono 16-bit PCM as a canonical 44-byte-header WAV file. */
export function encodeWav(pcm: Int16Array, sampleRate: number): Uint8Array {
  const dataBytes = pcm.length * 2;
  const out = new Uint8Array(44 + dataBytes);
  const view = new DataView(out.buffer);
  const ascii = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, FORMAT_PCM, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < pcm.length; i++) view.setInt16(44 + i * 2, pcm[i], true);
  return out;
}
