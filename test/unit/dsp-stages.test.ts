import { test } from 'node:test';
import assert from 'node:assert/strict';
import { processStage } from '../../src/dsp/index.js';
import { butterworth, responseDb } from '../../src/dsp/biquad.js';
import { compressorCurve } from '../../src/dsp/stages/compression.js';
import { levelDb, mix, sine, toneSnrDb, toPcm, whiteNoise } from '../../src/dsp/signals.js';

const RATE = 16000;
const pcmLevel = (pcm: Int16Array) => levelDb(pcm, 1 / 32768);
/** Runs one stage over float audio and returns its 16-bit output. */
const run = (stage: string, config: Record<string, unknown>, x: Float64Array, rate = RATE) =>
  processStage(stage, config, toPcm(x), rate);

const curveCases: [number, number, number, number, number][] = [
  // input dB, threshold, ratio, knee, expected output dB
  [-30, -20, 4, 0, -30],
  [-10, -20, 4, 0, -17.5],
  [0, -20, 2, 0, -10],
  [-20, -20, 4, 6, -20 - 0.75 * 9 / 12],
  [-30, -20, 4, 6, -30],
  [-10, -20, 4, 6, -17.5],
];
for (const [x, t, r, w, want] of curveCases) {
  test(`compressor curve: ${x} dB in, T ${t}, ratio ${r}, knee ${w} → ${want.toFixed(3)} dB`, () => {
    assert.ok(Math.abs(compressorCurve(x, t, r, w) - want) < 1e-9, String(compressorCurve(x, t, r, w)));
  });
}

test('compression settles a -10 dBFS RMS tone at -17.5 dBFS (T -20, ratio 4)', () => {
  const x = sine(RATE * 2, 1000, RATE, 10 ** (-10 / 20) * Math.SQRT2);
  const out = run('compression', { threshold: -20, ratio: 4 }, x).output;
  const settled = pcmLevel(out.subarray(RATE));
  assert.ok(Math.abs(settled - -17.5) < 0.2, String(settled));
  const below = run('compression', { threshold: -20, ratio: 4 }, x.map((v) => v * 0.1)).output;
  assert.ok(Math.abs(pcmLevel(below.subarray(RATE)) - -30) < 0.1, 'below threshold is untouched');
});

test('limiter never lets full-scale bursts exceed its threshold', () => {
  for (const [threshold, lookahead] of [[-0.1, 0.005], [-6, 0.005], [-3, 0], [-12, 0.02]]) {
    const burst = sine(RATE, 3000, RATE, 1).map((v, i) => (Math.floor(i / 800) % 2 ? v : v * 0.05));
    const noisy = mix(burst, whiteNoise(RATE, 0.3));
    const ceiling = Math.round(32768 * 10 ** (threshold / 20));
    const { output } = run('limiter', { threshold, lookahead, release: 0.05 }, noisy);
    const peak = output.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    assert.ok(peak <= ceiling, `threshold ${threshold}: peak ${peak} > ${ceiling}`);
    assert.ok(peak > ceiling * 0.9, `threshold ${threshold}: limiter squashes too much (${peak})`);
  }
});

test('limiter leaves quiet audio alone and is delay-compensated one-shot', () => {
  const x = sine(4000, 440, RATE, 0.25);
  const { output } = run('limiter', {}, x);
  const input = toPcm(x);
  assert.ok(output.every((v, i) => Math.abs(v - input[i]) <= 1));
});

test('Butterworth design: order 4 at 80 Hz takes 50 Hz down 16.4 dB, order 8 32.7 dB', () => {
  for (const [order, want] of [[4, 16.43], [8, 32.7], [2, 8.78]]) {
    const got = -responseDb(butterworth('highpass', order, 80, RATE), 50, RATE);
    assert.ok(Math.abs(got - want) < 0.3, `order ${order}: ${got}`);
    assert.ok(Math.abs(responseDb(butterworth('highpass', order, 80, RATE), 1000, RATE)) < 0.01);
  }
});

test('voice_filter order 4 (80 Hz high-pass) attenuates a 50 Hz tone by ≈16.4 dB, keeps 1 kHz', () => {
  const hum = run('voice_filter', { parameters: { filter_order: 4 } }, sine(RATE * 2, 50, RATE, 0.5)).output;
  const drop = levelDb(sine(RATE, 50, RATE, 0.5)) - pcmLevel(hum.subarray(RATE));
  assert.ok(Math.abs(drop - 16.4) < 1.5, String(drop));
  const voice = run('voice_filter', { low_cutoff: 80, high_cutoff: 3400 }, sine(RATE, 1000, RATE, 0.5)).output;
  assert.ok(Math.abs(pcmLevel(voice.subarray(RATE / 2)) - levelDb(sine(RATE, 1000, RATE, 0.5))) < 0.2);
  const hiss = run('voice_filter', { low_cutoff: 80, high_cutoff: 3400, filter_order: 8 }, sine(RATE, 6000, RATE, 0.5)).output;
  assert.ok(pcmLevel(hiss.subarray(RATE / 2)) < -50, 'the low-pass removes 6 kHz');
});

test('noise_reduction raises the SNR of a 440 Hz tone in white noise and keeps the tone', () => {
  const tone = sine(RATE * 4, 440, RATE, 0.2);
  const noisy = mix(tone, whiteNoise(RATE * 4, 0.05, 7));
  for (const strength of [0.5, 1]) {
    const out = run('noise_reduction', { strength }, noisy).output;
    // One-shot output is aligned with the input; judge the last 2 s, after the noise floor settled.
    const tail = Float64Array.from(out.subarray(RATE * 2), (v) => v / 32768);
    const before = toneSnrDb(noisy.subarray(RATE * 2), 440, RATE);
    const after = toneSnrDb(tail, 440, RATE);
    assert.ok(after - before > 6 * strength + 2, `strength ${strength}: ${before.toFixed(1)} → ${after.toFixed(1)} dB`);
    const toneLevel = levelDb(tone) + 10 * Math.log10(1 + 10 ** (-after / 10));
    assert.ok(Math.abs(levelDb(tail) - toneLevel) < 1, `tone level ${levelDb(tail)} vs ${toneLevel}`);
  }
});

test('noise_reduction at strength 0 and spectral_denoising at strength 0 reconstruct the input exactly', () => {
  const x = mix(sine(5000, 440, RATE, 0.3), whiteNoise(5000, 0.05));
  const input = toPcm(x);
  for (const [stage, config] of [['noise_reduction', { strength: 0 }], ['spectral_denoising', { reduction_strength: 0 }]] as const) {
    const { output } = run(stage, config, x);
    assert.ok(output.every((v, i) => Math.abs(v - input[i]) <= 1), stage);
  }
});

test('spectral_denoising raises the SNR of a tone in noise, with auto and initial profiles', () => {
  const noisy = mix(sine(RATE * 3, 700, RATE, 0.2), whiteNoise(RATE * 3, 0.05, 3));
  const before = toneSnrDb(noisy.subarray(RATE), 700, RATE);
  for (const noise_profile of ['auto', 'initial']) {
    const out = run('spectral_denoising', { noise_profile }, noisy).output;
    const after = toneSnrDb(Float64Array.from(out.subarray(RATE), (v) => v / 32768), 700, RATE);
    assert.ok(after - before > 6, `${noise_profile}: ${before.toFixed(1)} → ${after.toFixed(1)}`);
  }
});

test('agc brings a steady -35 dBFS tone to its -20 dBFS target, and respects max_gain', () => {
  const x = sine(RATE * 4, 440, RATE, 10 ** (-35 / 20) * Math.SQRT2);
  const out = run('agc', { target_level: -20, max_gain: 20 }, x);
  assert.ok(Math.abs(pcmLevel(out.output.subarray(RATE * 3)) - -20) < 1, String(pcmLevel(out.output.subarray(RATE * 3))));
  const capped = run('agc', { target_level: -20, max_gain: 6 }, x).output;
  assert.ok(Math.abs(pcmLevel(capped.subarray(RATE * 3)) - -29) < 1);
  const loud = run('agc', { target_level: -20 }, x.map((v) => v * 10 ** (25 / 20))).output;
  assert.ok(Math.abs(pcmLevel(loud.subarray(RATE * 3)) - -20) < 1, 'turns loud input down too');
});

test('lufs_normalization steers a tone toward target_lufs and never exceeds max_peak', () => {
  const x = sine(RATE * 8, 997, RATE, 0.05);
  for (const measurement_type of ['integrated', 'short_term', 'momentary']) {
    const { output } = run('lufs_normalization', { target_lufs: -16, max_peak: -1, measurement_type }, x);
    // At 997 Hz LUFS ≈ RMS dBFS: -16 LUFS wants about -16 dBFS RMS.
    assert.ok(Math.abs(pcmLevel(output.subarray(RATE * 6)) - -16) < 1, `${measurement_type}: ${pcmLevel(output.subarray(RATE * 6))}`);
  }
  const hot = run('lufs_normalization', { target_lufs: -5, max_peak: -3 }, x).output;
  const ceiling = Math.round(32768 * 10 ** (-3 / 20));
  assert.ok(hot.every((v) => Math.abs(v) <= ceiling));
});

test('vad: no speech on silence or low noise; speech on a tone, which passes untouched', () => {
  const silence = run('vad', {}, new Float64Array(RATE));
  assert.equal(silence.details.speech_detected, false);
  const hiss = run('vad', { aggressiveness: 3 }, whiteNoise(RATE, 0.001));
  assert.equal(hiss.details.speech_detected, false);
  const x = sine(RATE, 440, RATE, 0.1);
  const tone = run('vad', { aggressiveness: 2, frame_duration: 30 }, x);
  assert.equal(tone.details.speech_detected, true);
  assert.ok((tone.details.speech_ratio as number) > 0.7, String(tone.details.speech_ratio));
  assert.ok(Math.abs(pcmLevel(tone.output.subarray(RATE / 10)) - levelDb(x)) < 0.05);
  assert.ok(pcmLevel(hiss.output) < levelDb(whiteNoise(RATE, 0.001)) - 10, 'non-speech is attenuated');
});

test('equalizer: high shelf above Nyquist is clamped, a +6 dB low shelf lifts 50 Hz by 6 dB', () => {
  const x = sine(RATE, 50, RATE, 0.1);
  const shelf = run('equalizer', { low_shelf: { freq: 200, gain: 6 }, high_shelf: { freq: 20000, gain: -6 } }, x).output;
  assert.ok(Math.abs(pcmLevel(shelf.subarray(RATE / 2)) - levelDb(x) - 6) < 0.5);
  assert.ok(shelf.every(Number.isFinite));
  const flat = run('equalizer', {}, x).output;
  assert.deepEqual(flat, toPcm(x));
});

test('voice_enhancement clarity lifts 3 kHz; warmth lifts 100 Hz', () => {
  const hi = sine(RATE, 3000, RATE, 0.1);
  const clear = run('voice_enhancement', { clarity: 1, warmth: 0, sibilance_control: 0, formant_correction: false }, hi).output;
  assert.ok(Math.abs(pcmLevel(clear.subarray(RATE / 2)) - levelDb(hi) - 6) < 0.3);
  const lo = sine(RATE, 100, RATE, 0.1);
  const warm = run('voice_enhancement', { clarity: 0, warmth: 1, sibilance_control: 0, formant_correction: false }, lo).output;
  assert.ok(pcmLevel(warm.subarray(RATE / 2)) - levelDb(lo) > 3);
});

test('noise_reduction does not learn a steady tone as noise, even after 30 s', () => {
  const x = sine(RATE * 30, 440, RATE, 0.1);
  const out = run('noise_reduction', { strength: 1 }, x).output;
  const early = pcmLevel(out.subarray(RATE, RATE * 2));
  const late = pcmLevel(out.subarray(RATE * 29));
  assert.ok(Math.abs(late - levelDb(x)) < 1 && Math.abs(late - early) < 0.5, `early ${early}, late ${late}`);
});
