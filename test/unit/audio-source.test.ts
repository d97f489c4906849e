import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AudioInputError, buildAudioSource, sessionOffsets, type AudioSourceSpec } from '../../src/audio/source.js';
import { chirp, noise, speech } from '../../src/audio/signals.js';
import { precomputeChunks } from '../../src/load/audio.js';
import { checkedSessions } from '../../src/audio/run-check.js';
import { encodeWav, pcmFromBase64 } from '../../src/dsp/index.js';
import { levelDb, sine, toneSnrDb } from '../../src/dsp/signals.js';

const base: AudioSourceSpec = { sampleRate: 16000, chunkMs: 100, levelDbfs: 0, toneHz: 440, signal: 'sine' };

test('sine source is exactly the existing phase-cycle chunks', () => {
  for (const toneHz of [440, 445]) {
    const s = buildAudioSource({ ...base, toneHz });
    assert.deepEqual(s.chunks, precomputeChunks({ ...base, toneHz }));
    assert.equal(s.pcm.length, s.chunks.length * 1600);
  }
});

test('chirp, noise and speech loops are whole chunks long, at the requested peak level, and deterministic', () => {
  for (const [signal, seconds] of [['chirp', 2], ['noise', 10], ['speech', 8]] as const) {
    const s = buildAudioSource({ ...base, signal, levelDbfs: -6 });
    assert.equal(s.pcm.length, seconds * 16000, signal);
    assert.equal(s.chunks.length, seconds * 10);
    const peak = s.pcm.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    assert.ok(Math.abs(peak - 32767 * 10 ** (-6 / 20)) <= 1, `${signal} peak ${peak}`);
    assert.deepEqual(pcmFromBase64(s.chunks[3]), s.pcm.subarray(3 * 1600, 4 * 1600));
    assert.deepEqual(buildAudioSource({ ...base, signal, levelDbfs: -6 }).pcm, s.pcm);
  }
});

test('chirp sweeps from 100 Hz up to 45 % of the rate, starting at phase 0', () => {
  const x = chirp(32000, 16000);
  // Instantaneous frequency from zero crossings over the first and last 50 ms.
  const crossings = (a: number, b: number) => { let c = 0; for (let i = a + 1; i < b; i++) if (x[i - 1] < 0 !== x[i] < 0) c++; return c; };
  assert.ok(Math.abs(crossings(0, 800) / 2 / 0.05 - 100 - 0.025 * 3500) < 30);
  assert.ok(crossings(31200, 32000) / 2 / 0.05 > 6500);
  assert.equal(x[0], 0);
});

test('noise is seeded: the same seed repeats, another seed differs; uniform RMS is 1/√3', () => {
  assert.deepEqual(noise(100, 5), noise(100, 5));
  assert.notDeepEqual(noise(100, 5), noise(100, 6));
  assert.ok(Math.abs(levelDb(noise(160000)) - 20 * Math.log10(1 / Math.sqrt(3))) < 0.05);
});

/** Levels of consecutive 20 ms frames in dBFS. */
function frameLevels(x: Float64Array, rate: number): number[] {
  const n = rate / 50;
  const out: number[] = [];
  for (let at = 0; at + n <= x.length; at += n) out.push(levelDb(x.subarray(at, at + n)));
  return out;
}

test('speech has real pauses (digital silence), syllable-rate level changes and a speech-band spectrum', () => {
  const x = speech(8 * 16000, 16000);
  const levels = frameLevels(x, 16000);
  const silent = levels.filter((l) => l < -200).length / levels.length;
  assert.ok(silent > 0.2 && silent < 0.6, `silent share ${silent}`);
  // Syllables: voiced frames rise and fall; count rises of more than 10 dB out of a dip.
  let onsets = 0;
  for (let i = 1; i < levels.length; i++) if (levels[i] > -30 && levels[i - 1] < -40) onsets++;
  assert.ok(onsets >= 5, `only ${onsets} word onsets in 8 s`);
  // Voiced energy sits below 4 kHz: a 4 kHz+ tone fit is weak compared with the whole.
  const voiced = x.subarray(0, 16000);
  assert.ok(toneSnrDb(voiced, 6000, 16000) < -30);
  assert.deepEqual(speech(16000, 16000), speech(16000, 16000));
});

test('a WAV file is mixed down and resampled to the session rate, padded to whole chunks', () => {
  const tone = sine(44100 * 0.25, 1000, 44100, 0.5);
  const pcm = Int16Array.from(tone, (v) => Math.round(v * 32767));
  const s = buildAudioSource({ ...base, file: { name: 'tone.wav', bytes: encodeWav(pcm, 44100) } });
  assert.equal(s.label, 'file tone.wav (44100 Hz, 1 ch, 16-bit)');
  assert.equal(s.pcm.length, 4800); // 4000 samples of audio, then silence to a whole chunk
  assert.equal(s.chunks.length, 3);
  assert.ok(s.pcm.subarray(4000).every((v) => v === 0));
  const out = Float64Array.from(s.pcm.subarray(400, 3600), (v) => v / 32768);
  assert.ok(Math.abs(levelDb(out) - levelDb(tone)) < 0.1);
});

test('bad --audio files are AudioInputErrors naming the file and the fix', () => {
  const short = encodeWav(new Int16Array(800), 16000);
  assert.throws(() => buildAudioSource({ ...base, file: { name: 'short.wav', bytes: short } }),
    (e: unknown) => e instanceof AudioInputError && e.message === '--audio short.wav: 50.0 ms of audio is shorter than one 100 ms chunk; use a longer file or a smaller --chunk-ms');
  assert.throws(() => buildAudioSource({ ...base, file: { name: 'x.mp3', bytes: Uint8Array.from(Buffer.from('ID3\x04\0\0\0\0\0\0\0\0')) } }),
    (e: unknown) => e instanceof AudioInputError && /^--audio x\.mp3: an MP3 file; .*ffmpeg/.test(e.message));
});

const offsetCases: [Parameters<typeof sessionOffsets>, number[]][] = [
  [['spread', 4, 80], [0, 20, 40, 60]],
  [['spread', 3, 10], [0, 3, 6]],
  [['0', 3, 80], [0, 0, 0]],
  [['spread', 3, 1], [0, 0, 0]],
];
test('sessionOffsets: spread evenly, all zero, or seeded random within the loop', () => {
  for (const [args, want] of offsetCases) assert.deepEqual(sessionOffsets(...args), want, args.join(' '));
  const r = sessionOffsets('random', 50, 80);
  assert.deepEqual(r, sessionOffsets('random', 50, 80));
  assert.ok(r.every((o) => Number.isInteger(o) && o >= 0 && o < 80));
  assert.ok(new Set(r).size > 20);
});

test('checkedSessions: n of the plan sessions spread over them, then those this process owns', () => {
  assert.deepEqual(checkedSessions(2, 10), [0, 5]);
  assert.deepEqual(checkedSessions('all', 3), [0, 1, 2]);
  assert.deepEqual(checkedSessions(5, 1), [0]);
  assert.deepEqual(checkedSessions(0, 10), []);
  // Two workers (or shards) striding over 4 sessions: together they check exactly the 2 of the plan.
  assert.deepEqual(checkedSessions(2, 4, [0, 2]), [0, 2]);
  assert.deepEqual(checkedSessions(2, 4, [1, 3]), []);
  assert.deepEqual(checkedSessions(3, 9, [1, 4, 7]), []);
  assert.deepEqual(checkedSessions(3, 9, [0, 3, 6]), [0, 3, 6]);
});
