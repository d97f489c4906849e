/**
 * A small RIFF/WAVE reader and writer. Reads PCM 8/16/24/32-bit integer and 32/64-bit float,
 * plain or WAVE_FORMAT_EXTENSIBLE; skips LIST and any other unknown chunk (with RIFF's pad byte
 * after odd-sized chunks); mixes every channel down to mono 16-bit.
 */
import { DspConfigError } from './types.js';

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

interface WavFormat {
  format: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
}

/** A decoded WAV file: its rate and channel count, and its audio mixed down to mono. */
export interface DecodedWav {
  sampleRate: number;
  channels: number;
  pcm: Int16Array;
}

function fail(message: string): never {
  throw new DspConfigError('audio_file', message);
}

function fourCc(view: DataView, at: number): string {
  return String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
}

function readFormat(view: DataView, at: number, size: number): WavFormat {
  if (size < 16) fail(`fmt chunk is ${size} bytes; at least 16 expected`);
  let format = view.getUint16(at, true);
  const bitsPerSample = view.getUint16(at + 14, true);
  if (format === FORMAT_EXTENSIBLE) {
    // The sub-format GUID starts at byte 24; its first two bytes are the real format tag.
    if (size < 40) fail('WAVE_FORMAT_EXTENSIBLE fmt chunk is shorter than 40 bytes');
    format = view.getUint16(at + 24, true);
  }
  const fmt: WavFormat = {
    format,
    channels: view.getUint16(at + 2, true),
    sampleRate: view.getUint32(at + 4, true),
    blockAlign: view.getUint16(at + 12, true),
    bitsPerSample,
  };
  const supported =
    (format === FORMAT_PCM && [8, 16, 24, 32].includes(bitsPerSample)) ||
    (format === FORMAT_FLOAT && (bitsPerSample === 32 || bitsPerSample === 64));
  if (!supported) fail(`unsupported WAV encoding (format tag ${format}, ${bitsPerSample} bits); 16-bit PCM expected`);
  if (fmt.channels < 1) fail('WAV file declares 0 channels');
  if (fmt.sampleRate < 1) fail('WAV file declares a sample rate of 0');
  if (fmt.blockAlign < fmt.channels * (bitsPerSample / 8)) fail(`block align ${fmt.blockAlign} is too small for the format`);
  return fmt;
}

/** Returns a reader of one sample (full scale ±1) at a byte offset, for the given encoding. */
function sampleReader(view: DataView, fmt: WavFormat): (at: number) => number {
  if (fmt.format === FORMAT_FLOAT) {
    return fmt.bitsPerSample === 32 ? (at) => view.getFloat32(at, true) : (at) => view.getFloat64(at, true);
  }
  switch (fmt.bitsPerSample) {
    case 8:
      return (at) => (view.getUint8(at) - 128) / 128;
    case 16:
      return (at) => view.getInt16(at, true) / 32768;
    case 24:
      return (at) => ((view.getInt8(at + 2) << 16) | view.getUint16(at, true)) / 8388608;
    default:
      return (at) => view.getInt32(at, true) / 2147483648;
  }
}

function mixdown(view: DataView, fmt: WavFormat, at: number, size: number): Int16Array {
  const frames = Math.floor(size / fmt.blockAlign);
  const bytesPerSample = fmt.bitsPerSample / 8;
  const read = sampleReader(view, fmt);
  const pcm = new Int16Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    const base = at + f * fmt.blockAlign;
    for (let c = 0; c < fmt.channels; c++) sum += read(base + c * bytesPerSample);
    const v = Math.round((sum / fmt.channels) * 32768);
    pcm[f] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return pcm;
}

/** Parses a WAV file. Throws DspConfigError('audio_file', ...) for anything it cannot read. */
export function decodeWav(buf: Uint8Array): DecodedWav {
  if (buf.length < 12) fail(`not a WAV file: ${buf.length} bytes is shorter than a RIFF header`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (fourCc(view, 0) !== 'RIFF' || fourCc(view, 8) !== 'WAVE') fail('not a WAV file: no RIFF/WAVE header');
  let fmt: WavFormat | undefined;
  let at = 12;
  while (at + 8 <= buf.length) {
    const id = fourCc(view, at);
    const declared = view.getUint32(at + 4, true);
    const body = at + 8;
    // Streaming writers leave the data size at 0 or 0xFFFFFFFF: trust the bytes that are there.
    const size = Math.min(declared, buf.length - body);
    if (id === 'fmt ') fmt = readFormat(view, body, size);
    if (id === 'data') {
      if (!fmt) fail('WAV data chunk comes before its fmt chunk');
      return { sampleRate: fmt.sampleRate, channels: fmt.channels, pcm: mixdown(view, fmt, body, size) };
    }
    at = body + declared + (declared & 1);
  }
  return fail(fmt ? 'WAV file has no data chunk' : 'WAV file has no fmt chunk');
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
