import { test } from 'node:test';
import assert from 'node:assert/strict';
import { designResampler, resample } from '../../src/audio/resample.js';
import { levelDb, sine, toneSnrDb } from '../../src/dsp/signals.js';

/** The middle of a signal, away from the edge transients. */
function middle(x: Float64Array): Float64Array {
  const cut = Math.floor(x.length / 8);
  return x.subarray(cut, x.length - cut);
}

// [from Hz, to Hz]: the common rates into 16 kHz, upsampling, and a ratio with no small fraction.
const pairs: [number, number][] = [[44100, 16000], [48000, 16000], [22050, 16000], [8000, 16000], [16000, 48000], [11025, 16000], [44100, 16001]];

for (const [from, to] of pairs) {
  test(`resample ${from} → ${to}: a 1 kHz tone keeps its frequency and its level within 0.1 dB`, () => {
    const x = sine(from, 1000, from, 0.5); // one second at -6.02 dBFS peak
    const y = resample(x, from, to);
    assert.equal(y.length, to);
    const mid = middle(y);
    const drop = levelDb(mid) - levelDb(middle(x));
    assert.ok(Math.abs(drop) <= 0.1, `level changed by ${drop.toFixed(4)} dB`);
    // A fit at exactly 1000 Hz leaves only a tiny residual when the frequency is right.
    const snr = toneSnrDb(mid, 1000, to);
    assert.ok(snr > 70, `residual after a 1000 Hz fit is only ${snr.toFixed(1)} dB down`);
  });
}

const aliasCases: [number, number, number][] = [
  [48000, 16000, 8000], [48000, 16000, 8500], [48000, 16000, 12000], [48000, 16000, 20000],
  [44100, 16000, 8000], [44100, 16000, 9000], [44100, 16000, 15000], [44100, 16000, 21000],
  [22050, 16000, 8200], [44100, 16001, 10000],
];
for (const [from, to, hz] of aliasCases) {
  test(`resample ${from} → ${to}: a ${hz} Hz tone above the new Nyquist folds back at most -60 dB`, () => {
    const x = sine(from, hz, from, 0.5);
    const y = resample(x, from, to);
    const rel = levelDb(middle(y)) - levelDb(middle(x));
    assert.ok(rel <= -60, `alias at ${rel.toFixed(1)} dB`);
  });
}

test('resample: same rate is a copy; looped input stays seamless at the seam', () => {
  const x = sine(480, 1000, 48000);
  assert.deepEqual(resample(x, 48000, 48000), x);
  // 1 kHz has a whole number of periods in 480 samples, so the loop is one continuous tone.
  const y = resample(x, 48000, 16000, true);
  assert.equal(y.length, 160);
  assert.ok(toneSnrDb(y, 1000, 16000) > 70, 'the looped edges carry no transient');
});

test('designResampler: exact phases for rational ratios, interpolated table otherwise', () => {
  assert.equal(designResampler(44100, 16000).phases, 160);
  assert.equal(designResampler(48000, 16000).phases, 1);
  const odd = designResampler(44100, 16001);
  assert.equal(odd.exact, false);
  assert.equal(odd.phases, 4096);
});
