import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeWav, DspConfigError, encodeWav, pcmFromBase64, pcmToBase64 } from '../../src/dsp/index.js';

const isConfigError = (field: string, message: RegExp) => (e: unknown) =>
  e instanceof DspConfigError && e.field === field && message.test(e.message);

test('base64 round trip keeps every sample, little-endian on the wire', () => {
  const pcm = Int16Array.from([0, 1, -1, 32767, -32768, 12345, -54]);
  const b64 = pcmToBase64(pcm);
  assert.equal(Buffer.from(b64, 'base64').readInt16LE(6), 32767);
  assert.deepEqual(pcmFromBase64(b64), pcm);
  assert.deepEqual(pcmFromBase64(''), new Int16Array(0));
  // A 100 ms chunk at 16 kHz is 4268 characters, as protocol.md says.
  assert.equal(pcmToBase64(new Int16Array(1600)).length, 4268);
});

const invalid: [string, string][] = [
  ['AAA', 'length not a multiple of 4'],
  ['AA!A', 'character outside the alphabet'],
  ['AA-_', 'URL-safe alphabet'],
  ['AA A', 'whitespace'],
  ['A===', 'three padding characters'],
  ['AA=A', 'padding in the middle'],
  ['AAAA\n', 'trailing newline'],
  ['AAé=', 'non-ASCII'],
];
for (const [input, why] of invalid) {
  test(`base64 rejects ${why}`, () => {
    assert.throws(() => pcmFromBase64(input), isConfigError('data', /^Invalid base64-encoded string/));
  });
}

test('base64 of an odd number of bytes is rejected with the protocol message', () => {
  assert.throws(() => pcmFromBase64('AAAA'), isConfigError('data', /^buffer size must be a multiple of element size$/));
  assert.throws(() => pcmFromBase64('AA==', 'audio_data'), isConfigError('audio_data', /multiple of element size/));
});

/** Builds a RIFF file from chunks, adding the pad byte after odd-sized ones. */
function riff(chunks: [string, Uint8Array][]): Uint8Array {
  const parts: number[] = [...Buffer.from('WAVE')];
  for (const [id, body] of chunks) {
    const size = Buffer.alloc(4);
    size.writeUInt32LE(body.length);
    parts.push(...Buffer.from(id), ...size, ...body);
    if (body.length % 2) parts.push(0);
  }
  const head = Buffer.alloc(8);
  head.write('RIFF');
  head.writeUInt32LE(parts.length, 4);
  return Uint8Array.from([...head, ...parts]);
}

function fmtChunk(format: number, channels: number, rate: number, bits: number, extensible = false): Uint8Array {
  const b = Buffer.alloc(extensible ? 40 : 16);
  const block = (channels * bits) / 8;
  b.writeUInt16LE(extensible ? 0xfffe : format, 0);
  b.writeUInt16LE(channels, 2);
  b.writeUInt32LE(rate, 4);
  b.writeUInt32LE(rate * block, 8);
  b.writeUInt16LE(block, 12);
  b.writeUInt16LE(bits, 14);
  if (extensible) {
    b.writeUInt16LE(22, 16);
    b.writeUInt16LE(bits, 18);
    b.writeUInt16LE(format, 24); // first two bytes of the sub-format GUID
  }
  return b;
}

test('WAV round trip through encodeWav/decodeWav', () => {
  const pcm = Int16Array.from({ length: 1001 }, (_, i) => (i * 97) % 65536 - 32768);
  const out = decodeWav(encodeWav(pcm, 22050));
  assert.equal(out.sampleRate, 22050);
  assert.equal(out.channels, 1);
  assert.deepEqual(out.pcm, pcm);
});

test('WAV reader skips a LIST chunk and an odd-sized unknown chunk with its pad byte', () => {
  const data = Buffer.alloc(8);
  [100, -200, 300, -32768].forEach((v, i) => data.writeInt16LE(v, i * 2));
  const file = riff([
    ['LIST', Uint8Array.from(Buffer.from('INFOISFT\x05\x00\x00\x00test\x00'))],
    ['fmt ', fmtChunk(1, 1, 16000, 16)],
    ['junk', Uint8Array.from([1, 2, 3])],
    ['data', data],
  ]);
  const out = decodeWav(file);
  assert.equal(out.sampleRate, 16000);
  assert.deepEqual([...out.pcm], [100, -200, 300, -32768]);
});

test('WAV reader mixes stereo 24-bit extensible and float32 down to mono', () => {
  const d24 = Buffer.alloc(12);
  d24.writeIntLE(0x400000, 0, 3); // +0.5
  d24.writeIntLE(0, 3, 3);
  d24.writeIntLE(-0x800000, 6, 3); // -1
  d24.writeIntLE(-0x800000, 9, 3);
  const a = decodeWav(riff([['fmt ', fmtChunk(1, 2, 48000, 24, true)], ['data', d24]]));
  assert.deepEqual([...a.pcm], [8192, -32768]);
  assert.equal(a.channels, 2);
  const f32 = Buffer.alloc(8);
  f32.writeFloatLE(0.25, 0);
  f32.writeFloatLE(-2, 4); // clipped
  const b = decodeWav(riff([['fmt ', fmtChunk(3, 1, 8000, 32)], ['data', f32]]));
  assert.deepEqual([...b.pcm], [8192, -32768]);
});

test('WAV reader trusts the bytes present when the data size is a streaming placeholder', () => {
  const file = encodeWav(Int16Array.from([1, 2, 3]), 16000);
  new DataView(file.buffer).setUint32(40, 0xffffffff, true);
  assert.deepEqual([...decodeWav(file).pcm], [1, 2, 3]);
});

const badWavs: [string, Uint8Array, RegExp][] = [
  ['too short', Uint8Array.from([1, 2, 3]), /shorter than a RIFF header/],
  ['not RIFF', Uint8Array.from(Buffer.from('RIFX\0\0\0\0WAVEfmt ')), /no RIFF\/WAVE header/],
  ['no fmt', riff([['data', new Uint8Array(4)]]), /before its fmt chunk/],
  ['no data', riff([['fmt ', fmtChunk(1, 1, 16000, 16)]]), /no data chunk/],
  ['A-law', riff([['fmt ', fmtChunk(6, 1, 8000, 8)], ['data', new Uint8Array(4)]]), /unsupported WAV encoding/],
];
for (const [name, file, message] of badWavs) {
  test(`WAV reader rejects a file: ${name}`, () => {
    assert.throws(() => decodeWav(file), isConfigError('audio_file', message));
  });
}
