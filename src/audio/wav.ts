/**
 * The one RIFF/WAVE reader: PCM 8/16/24/32-bit integer and 32/64-bit float, plain or
 * WAVE_FORMAT_EXTENSIBLE, any rate and channel count. Skips LIST and every other unknown chunk
 * (with RIFF's pad byte after odd-sized chunks). Every refusal names the problem and the fix.
 */

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

/** The command that turns any audio file into one pipebench reads, for error messages. */
export const CONVERT_HINT = 'convert it with `ffmpeg -i IN -ac 1 -ar 16000 -c:a pcm_s16le OUT.wav` or `sox IN -b 16 -e signed-integer OUT.wav`';

/** Compressed WAVE format tags people meet in practice, by name. */
const COMPRESSED: Record<number, string> = {
  0x0002: 'Microsoft ADPCM', 0x0006: 'A-law', 0x0007: 'µ-law', 0x0011: 'IMA ADPCM', 0x0031: 'GSM 6.10',
  0x0050: 'MPEG audio', 0x0055: 'MP3', 0x0161: 'WMA', 0x2000: 'AC-3', 0xf1ac: 'FLAC',
};

/** File signatures of other containers, to name what the file is instead of "not a WAV file". */
const SIGNATURES: [string, string][] = [
  ['ID3', 'an MP3 file'], ['fLaC', 'a FLAC file'], ['OggS', 'an Ogg file'], ['FORM', 'an AIFF file'],
  ['RIFX', 'a big-endian RIFX file'], ['RF64', 'an RF64 file'], ['caff', 'a CAF file'],
];

/** A WAV file that cannot be used; the message says why and how to fix it. */
export class WavError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WavError';
  }
}

/** The encoding a WAV file declares. */
export interface WavFormat {
  /** 1 = integer PCM, 3 = IEEE float (the real tag of an extensible file). */
  format: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
  extensible: boolean;
}

/** A decoded WAV file: its declared format and its audio mixed down to mono, full scale ±1. */
export interface WavAudio {
  format: WavFormat;
  /** Sample frames in the file (per channel). */
  frames: number;
  mono: Float64Array;
}

function fail(message: string): never {
  throw new WavError(message);
}

function fourCc(view: DataView, at: number): string {
  return String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
}

function notRiff(buf: Uint8Array): never {
  const head = Buffer.from(buf.subarray(0, 4)).toString('latin1');
  const known = SIGNATURES.find(([sig]) => head.startsWith(sig));
  const mp3Frame = buf.length >= 2 && buf[0] === 0xff && (buf[1] & 0xe0) === 0xe0;
  const what = known ? known[1] : mp3Frame ? 'an MP3 file' : 'not a WAV file (no RIFF/WAVE header)';
  return fail(`${what}; pipebench reads uncompressed WAV only: ${CONVERT_HINT}`);
}

function readFormat(view: DataView, at: number, size: number): WavFormat {
  if (size < 16) fail(`fmt chunk is ${size} bytes; at least 16 expected (damaged file?)`);
  let format = view.getUint16(at, true);
  const extensible = format === FORMAT_EXTENSIBLE;
  if (extensible) {
    // The sub-format GUID starts at byte 24; its first two bytes are the real format tag.
    if (size < 40) fail('WAVE_FORMAT_EXTENSIBLE fmt chunk is shorter than 40 bytes (damaged file?)');
    format = view.getUint16(at + 24, true);
  }
  const fmt: WavFormat = {
    format, extensible,
    channels: view.getUint16(at + 2, true),
    sampleRate: view.getUint32(at + 4, true),
    blockAlign: view.getUint16(at + 12, true),
    bitsPerSample: view.getUint16(at + 14, true),
  };
  checkFormat(fmt);
  return fmt;
}

function checkFormat(fmt: WavFormat): void {
  const { format, bitsPerSample: bits } = fmt;
  if (COMPRESSED[format]) fail(`compressed WAV (${COMPRESSED[format]}); ${CONVERT_HINT}`);
  if (format === FORMAT_PCM && ![8, 16, 24, 32].includes(bits)) fail(`unsupported WAV encoding: ${bits}-bit integer PCM (8, 16, 24 or 32 expected); ${CONVERT_HINT}`);
  if (format === FORMAT_FLOAT && bits !== 32 && bits !== 64) fail(`unsupported WAV encoding: ${bits}-bit float (32 or 64 expected); ${CONVERT_HINT}`);
  if (format !== FORMAT_PCM && format !== FORMAT_FLOAT) fail(`unsupported WAV encoding (format tag 0x${format.toString(16)}); ${CONVERT_HINT}`);
  if (fmt.channels < 1) fail('WAV file declares 0 channels (damaged file?)');
  if (fmt.sampleRate < 1) fail('WAV file declares a sample rate of 0 (damaged file?)');
  if (fmt.blockAlign < fmt.channels * (bits / 8)) fail(`block align ${fmt.blockAlign} is too small for ${fmt.channels} × ${bits}-bit samples (damaged file?)`);
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

/** Averages every channel of each frame into one mono sample. */
function mixdown(view: DataView, fmt: WavFormat, at: number, size: number): Float64Array {
  const frames = Math.floor(size / fmt.blockAlign);
  const bytesPerSample = fmt.bitsPerSample / 8;
  const read = sampleReader(view, fmt);
  const mono = new Float64Array(frames);
  const k = 1 / fmt.channels;
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    const base = at + f * fmt.blockAlign;
    for (let c = 0; c < fmt.channels; c++) sum += read(base + c * bytesPerSample);
    mono[f] = sum * k;
  }
  return mono;
}

/** Parses a WAV file into mono float samples. Throws WavError for anything it cannot read. */
export function readWav(buf: Uint8Array): WavAudio {
  if (buf.length < 12) {
    if (buf.length === 0) fail('the file is empty');
    fail(`not a WAV file: ${buf.length} bytes is shorter than a RIFF header`);
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (fourCc(view, 0) !== 'RIFF' || fourCc(view, 8) !== 'WAVE') notRiff(buf);
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
      if (!fmt) fail('WAV data chunk comes before its fmt chunk (damaged file?)');
      const mono = mixdown(view, fmt, body, size);
      if (mono.length === 0) fail('WAV file has no audio (its data chunk is empty)');
      return { format: fmt, frames: mono.length, mono };
    }
    at = body + declared + (declared & 1);
  }
  return fail(fmt ? 'WAV file has no data chunk (no audio)' : 'WAV file has no fmt chunk (damaged file?)');
}
