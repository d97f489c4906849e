/**
 * The reference server's chain on speech: the VAD gates the pauses, noise reduction lowers the
 * noise floor under speech, and every stage's algorithmic delay is the documented one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PipelineChain } from '../../src/dsp/chain.js';
import type { PipelineConfig } from '../../src/dsp/index.js';
import { speech } from '../../src/audio/signals.js';
import { levelDb, whiteNoise } from '../../src/dsp/signals.js';

// [stage, sample rate, algorithmic delay in samples]: the README's table.
const delays: [string, number, number][] = [
  ['vad', 16000, 0], ['voice_filter', 16000, 0], ['voice_enhancement', 16000, 0], ['equalizer', 16000, 0],
  ['agc', 16000, 0], ['compression', 16000, 0], ['lufs_normalization', 16000, 0],
  ['noise_reduction', 8000, 256], ['noise_reduction', 16000, 512], ['noise_reduction', 44100, 1024], ['noise_reduction', 48000, 2048],
  ['spectral_denoising', 16000, 512], ['spectral_denoising', 48000, 2048],
  ['limiter', 16000, 80], ['limiter', 44100, 221], ['limiter', 48000, 240],
];
for (const [stage, rate, samples] of delays) {
  test(`${stage} at ${rate} Hz delays by ${samples} samples`, () => {
    assert.equal(new PipelineChain({ stages: { [stage]: {} } }, rate).latencySamples, samples);
  });
}

test('a chain delays by the sum of its stages; a disabled stage adds nothing', () => {
  assert.equal(new PipelineChain({ stages: { noise_reduction: {}, limiter: { parameters: { lookahead: 0.01 } } } }, 16000).latencySamples, 512 + 160);
  assert.equal(new PipelineChain({ stages: { noise_reduction: { enabled: false }, limiter: {} } }, 16000).latencySamples, 80);
});

const RATE = 16000;
const clean = speech(8 * RATE, RATE).map((v) => v * 0.5);
const hiss = whiteNoise(clean.length, 10 ** (-50 / 20), 3);
const noisy = clean.map((v, i) => v + hiss[i]);
/** Samples since the clean speech last made a sound (the VAD holds its gate open for 0.3 s after). */
const quietFor = new Int32Array(clean.length);
for (let i = 1; i < clean.length; i++) quietFor[i] = clean[i] === 0 ? quietFor[i - 1] + 1 : 0;

/** Streams `x` through a fresh chain in 100 ms chunks, as the server does; returns float output. */
function stream(stages: PipelineConfig['stages'], x: Float64Array): { y: Float64Array; delay: number } {
  const chain = new PipelineChain({ stages }, RATE);
  const y = new Float64Array(x.length);
  for (let at = 0; at < x.length; at += 1600) {
    const pcm = Int16Array.from(x.subarray(at, at + 1600), (v) => Math.round(v * 32767));
    chain.process(pcm).output.forEach((v, i) => (y[at + i] = v / 32768));
  }
  return { y, delay: chain.latencySamples };
}

/**
 * Level of `x` (delayed by `delay`) over the 20 ms frames where the clean speech has been silent
 * for `settleS` seconds, and over those where it speaks.
 */
function levels(x: Float64Array, delay: number, settleS = 0): { pause: number; voice: number } {
  const pause: number[] = [], voice: number[] = [];
  for (let at = RATE; at + 320 + delay <= x.length; at += 320) {
    const ref = levelDb(clean.subarray(at, at + 320));
    const frame = x.subarray(at + delay, at + delay + 320);
    if (ref < -200 && quietFor[at] >= settleS * RATE) pause.push(...frame);
    else if (ref > -30) voice.push(...frame);
  }
  return { pause: levelDb(Float64Array.from(pause)), voice: levelDb(Float64Array.from(voice)) };
}

test('vad gates the pauses of noisy speech (after its 0.3 s hangover) and keeps the speech', () => {
  const before = levels(noisy, 0, 0.35);
  const { y, delay } = stream({ vad: { parameters: { aggressiveness: 2 } } }, noisy);
  const after = levels(y, delay, 0.35);
  assert.ok(before.pause - after.pause > 10, `pauses ${before.pause.toFixed(1)} → ${after.pause.toFixed(1)} dBFS`);
  assert.ok(Math.abs(before.voice - after.voice) < 1, `speech ${before.voice.toFixed(1)} → ${after.voice.toFixed(1)} dBFS`);
});

test('noise_reduction lowers the noise floor under speech and keeps the speech level', () => {
  const before = levels(noisy, 0);
  const { y, delay } = stream({ noise_reduction: { parameters: { strength: 0.8 } } }, noisy);
  const after = levels(y, delay);
  assert.ok(before.pause - after.pause > 6, `noise floor ${before.pause.toFixed(1)} → ${after.pause.toFixed(1)} dBFS`);
  assert.ok(Math.abs(before.voice - after.voice) < 2, `speech ${before.voice.toFixed(1)} → ${after.voice.toFixed(1)} dBFS`);
});
