import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readWav, WavError } from '../../src/audio/wav.js';
import { encodeWav } from '../../src/dsp/index.js';
import { fmtChunk, riff } from './wav-build.js';

/** Little-endian bytes of `values` written by `write` at `size` bytes each. */
function bytes(size: number, values: number[], write: (b: Buffer, v: number, at: number) => void): Buffer {
  const b = Buffer.alloc(size * values.length);
  values.forEach((v, i) => write(b, v, i * size));
  return b;
}

// [name, format tag, bits, extensible, data, expected mono samples for 1 channel]
const formats: [string, number, number, boolean, Buffer, number[]][] = [
  ['8-bit unsigned', 1, 8, false, Buffer.from([128, 255, 0, 192]), [0, 127 / 128, -1, 0.5]],
  ['16-bit', 1, 16, false, bytes(2, [0, 16384, -32768, 32767], (b, v, at) => b.writeInt16LE(v, at)), [0, 0.5, -1, 32767 / 32768]],
  ['24-bit', 1, 24, false, bytes(3, [0x400000, -0x800000, 1], (b, v, at) => b.writeIntLE(v, at, 3)), [0.5, -1, 1 / 8388608]],
  ['32-bit int', 1, 32, false, bytes(4, [0x40000000, -0x80000000], (b, v, at) => b.writeInt32LE(v, at)), [0.5, -1]],
  ['32-bit float', 3, 32, false, bytes(4, [0.25, -2], (b, v, at) => b.writeFloatLE(v, at)), [0.25, -2]],
  ['64-bit float', 3, 64, false, bytes(8, [0.1, -0.75], (b, v, at) => b.writeDoubleLE(v, at)), [0.1, -0.75]],
  ['16-bit extensible', 1, 16, true, bytes(2, [8192], (b, v, at) => b.writeInt16LE(v, at)), [0.25]],
  ['24-bit extensible', 1, 24, true, bytes(3, [-0x400000], (b, v, at) => b.writeIntLE(v, at, 3)), [-0.5]],
  ['float extensible', 3, 32, true, bytes(4, [0.5], (b, v, at) => b.writeFloatLE(v, at)), [0.5]],
];
for (const [name, tag, bits, ext, data, want] of formats) {
  test(`readWav: ${name} mono decodes to known samples`, () => {
    const wav = readWav(riff([['fmt ', fmtChunk(tag, 1, 44100, bits, ext)], ['data', data]]));
    assert.deepEqual([...wav.mono], want);
    assert.equal(wav.format.sampleRate, 44100);
    assert.equal(wav.format.extensible, ext);
  });
}

test('readWav: three channels are averaged into one (any channel count)', () => {
  const data = bytes(2, [16384, -16384, 8192, 32767, 32767, 32767], (b, v, at) => b.writeInt16LE(v, at));
  const wav = readWav(riff([['fmt ', fmtChunk(1, 3, 96000, 16)], ['data', data]]));
  assert.equal(wav.frames, 2);
  assert.equal(wav.format.channels, 3);
  assert.deepEqual([...wav.mono], [8192 / 3 / 32768, 32767 / 32768]);
});

test('readWav: skips LIST and odd-sized chunks with their pad byte; trusts bytes present over a placeholder size', () => {
  const data = bytes(2, [100, -200], (b, v, at) => b.writeInt16LE(v, at));
  const wav = readWav(riff([['LIST', Uint8Array.from(Buffer.from('INFOISFT'))], ['fmt ', fmtChunk(1, 1, 8000, 16)], ['junk', Uint8Array.from([1, 2, 3])], ['data', data]]));
  assert.deepEqual([...wav.mono], [100 / 32768, -200 / 32768]);
  const file = encodeWav(Int16Array.from([1, 2, 3]), 16000);
  new DataView(file.buffer).setUint32(40, 0xffffffff, true);
  assert.equal(readWav(file).frames, 3);
});

const pcm16 = fmtChunk(1, 1, 16000, 16);
const bad: [string, Uint8Array, RegExp][] = [
  ['empty', new Uint8Array(0), /^the file is empty$/],
  ['too short', Uint8Array.from([1, 2, 3]), /shorter than a RIFF header/],
  ['plain text', Uint8Array.from(Buffer.from('hello, this is text')), /^not a WAV file \(no RIFF\/WAVE header\); .*ffmpeg -i IN/],
  ['MP3 with ID3', Uint8Array.from(Buffer.from('ID3\x04\0\0\0\0\0\0\0\0')), /^an MP3 file; pipebench reads uncompressed WAV only: convert it with `ffmpeg/],
  ['MP3 frame', Uint8Array.from([0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0, 0, 0, 0, 0]), /^an MP3 file/],
  ['FLAC', Uint8Array.from(Buffer.from('fLaC\0\0\0\x22\0\0\0\0')), /^a FLAC file; .*sox IN/],
  ['Ogg', Uint8Array.from(Buffer.from('OggS\0\x02\0\0\0\0\0\0')), /^an Ogg file/],
  ['RIFX', Uint8Array.from(Buffer.from('RIFX\0\0\0\0WAVEfmt ')), /^a big-endian RIFX file/],
  ['A-law', riff([['fmt ', fmtChunk(6, 1, 8000, 8)], ['data', new Uint8Array(4)]]), /^compressed WAV \(A-law\); convert it with `ffmpeg -i IN -ac 1 -ar 16000 -c:a pcm_s16le OUT.wav`/],
  ['MS ADPCM', riff([['fmt ', fmtChunk(2, 1, 8000, 4)], ['data', new Uint8Array(4)]]), /^compressed WAV \(Microsoft ADPCM\)/],
  ['MP3 in WAV', riff([['fmt ', fmtChunk(0x55, 1, 8000, 0)], ['data', new Uint8Array(4)]]), /^compressed WAV \(MP3\)/],
  ['extensible µ-law', riff([['fmt ', fmtChunk(7, 1, 8000, 8, true)], ['data', new Uint8Array(4)]]), /^compressed WAV \(µ-law\)/],
  ['12-bit PCM', riff([['fmt ', fmtChunk(1, 1, 8000, 12)], ['data', new Uint8Array(4)]]), /12-bit integer PCM \(8, 16, 24 or 32 expected\)/],
  ['16-bit float', riff([['fmt ', fmtChunk(3, 1, 8000, 16)], ['data', new Uint8Array(4)]]), /16-bit float \(32 or 64 expected\)/],
  ['unknown tag', riff([['fmt ', fmtChunk(0x1234, 1, 8000, 16)], ['data', new Uint8Array(4)]]), /format tag 0x1234/],
  ['no fmt', riff([['data', new Uint8Array(4)]]), /before its fmt chunk/],
  ['no data chunk', riff([['fmt ', pcm16]]), /^WAV file has no data chunk \(no audio\)$/],
  ['empty data chunk', riff([['fmt ', pcm16], ['data', new Uint8Array(0)]]), /data chunk is empty/],
  ['zero channels', riff([['fmt ', fmtChunk(1, 0, 8000, 16)], ['data', new Uint8Array(4)]]), /0 channels/],
];
for (const [name, file, message] of bad) {
  test(`readWav refuses ${name} with a message naming the problem`, () => {
    assert.throws(() => readWav(file), (e: unknown) => e instanceof WavError && message.test(e.message));
  });
}
