import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeWav, DspConfigError, encodeWav, pcmFromBase64, pcmToBase64 } from '../../src/dsp/index.js';
import { fmtChunk, riff } from './wav-build.js';

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

test('WAV round trip through encodeWav/decodeWav', () => {
  const pcm = Int16Array.from({ length: 1001 }, (_, i) => (i * 97) % 65536 - 32768);
  const out = decodeWav(encodeWav(pcm, 22050));
  assert.equal(out.sampleRate, 22050);
  assert.equal(out.channels, 1);
  assert.deepEqual(out.pcm, pcm);
});

test('decodeWav mixes down to 16-bit and reports a bad file as a config error on audio_file', () => {
  const f32 = Buffer.alloc(8);
  f32.writeFloatLE(0.25, 0);
  f32.writeFloatLE(-2, 4); // clipped
  assert.deepEqual([...decodeWav(riff([['fmt ', fmtChunk(3, 1, 8000, 32)], ['data', f32]])).pcm], [8192, -32768]);
  assert.throws(() => decodeWav(riff([['fmt ', fmtChunk(1, 1, 16000, 16)]])), isConfigError('audio_file', /no data chunk/));
});
