import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFft, analyzeLoudness, DspConfigError } from '../../src/dsp/index.js';
import { kHighPass, kShelf } from '../../src/dsp/loudness/k-weighting.js';
import { sine, toPcm, whiteNoise, mix } from '../../src/dsp/signals.js';

const db = (x: number) => 20 * Math.log10(x);

test('FFT peak of a 1 kHz sine lands within 2 Hz, for every window size and type', () => {
  const pcm = toPcm(sine(16000, 1000, 16000, 0.1));
  for (const windowSize of [512, 1024, 2048, 4096, 8192]) {
    for (const windowType of ['hann', 'hamming', 'blackman', 'rectangular']) {
      const r = analyzeFft(pcm, 16000, { windowSize, windowType });
      assert.ok(Math.abs(r.peak_frequency - 1000) < 2, `${windowSize} ${windowType}: ${r.peak_frequency}`);
      assert.equal(r.frequency_bins, windowSize / 2 + 1);
      assert.equal(r.frequency_data.magnitudes.length, r.frequency_bins);
    }
  }
});

test('FFT magnitudes read 0 dB for a full-scale sine on a bin; off-bin peaks still interpolate', () => {
  const r = analyzeFft(toPcm(sine(8192, 1000, 16000, 1)), 16000, { windowSize: 2048 });
  const k = Math.round(1000 / (16000 / 2048));
  assert.ok(Math.abs(r.frequency_data.magnitudes[k]) < 0.2, String(r.frequency_data.magnitudes[k]));
  const off = analyzeFft(toPcm(sine(16000, 1234.5, 16000, 0.5)), 16000, {});
  assert.ok(Math.abs(off.peak_frequency - 1234.5) < 2, String(off.peak_frequency));
});

test('FFT centroid sits at a lone tone; white noise centres near fs/4', () => {
  const tone = analyzeFft(toPcm(sine(16000, 2000, 16000, 0.5)), 16000, { windowType: 'blackman' });
  assert.ok(Math.abs(tone.spectral_centroid - 2000) < 50, String(tone.spectral_centroid));
  const noise = analyzeFft(toPcm(whiteNoise(32000, 0.1)), 16000, {});
  assert.ok(Math.abs(noise.spectral_centroid - 4000) < 200, String(noise.spectral_centroid));
  assert.ok(Math.abs(noise.spectral_bandwidth - 8000 / Math.sqrt(12)) < 200, String(noise.spectral_bandwidth));
});

test('FFT zero-pads audio shorter than the window', () => {
  const r = analyzeFft(toPcm(sine(300, 1000, 16000, 0.5)), 16000, { windowSize: 2048 });
  assert.ok(Math.abs(r.peak_frequency - 1000) < 20, String(r.peak_frequency));
  const empty = analyzeFft(new Int16Array(0), 16000, {});
  assert.equal(empty.peak_frequency, 0);
});

test('FFT options are validated with the field named', () => {
  const pcm = new Int16Array(100);
  const cases: [object, string][] = [
    [{ windowSize: 1000 }, 'window_size'],
    [{ overlap: 0.95 }, 'overlap'],
    [{ overlap: -0.1 }, 'overlap'],
    [{ windowType: 'kaiser' }, 'window_type'],
  ];
  for (const [opts, field] of cases) {
    assert.throws(() => analyzeFft(pcm, 16000, opts), (e: unknown) => e instanceof DspConfigError && e.field === field);
  }
});

test('K-weighting designed at 48 kHz reproduces the BS.1770-4 published coefficients', () => {
  const shelf = kShelf(48000);
  const hp = kHighPass(48000);
  const expect: [number, number][] = [
    [shelf.b0, 1.53512485958697],
    [shelf.b1, -2.69169618940638],
    [shelf.b2, 1.19839281085285],
    [shelf.a1, -1.69065929318241],
    [shelf.a2, 0.73248077421585],
    [hp.b0, 1],
    [hp.b1, -2],
    [hp.b2, 1],
    [hp.a1, -1.99004745483398],
    [hp.a2, 0.99007225036621],
  ];
  for (const [got, want] of expect) assert.ok(Math.abs(got - want) < 1e-8, `${got} vs ${want}`);
});

const lufsCases: [string, number, number, number, number][] = [
  // name, sample rate, peak amplitude, expected LUFS, tolerance
  ['full-scale 997 Hz at 48 kHz', 48000, 1, -3.01, 0.05],
  ['full-scale 997 Hz at 16 kHz', 16000, 1, -3.01, 0.05],
  ['-20 dBFS 997 Hz at 48 kHz', 48000, 0.1, -23.01, 0.05],
  ['-20 dBFS 997 Hz at 16 kHz', 16000, 0.1, -23.01, 0.05],
  ['-40 dBFS 997 Hz at 44.1 kHz', 44100, 0.01, -43.01, 0.05],
];
for (const [name, rate, amp, want, tol] of lufsCases) {
  test(`integrated loudness: ${name} → ${want} LUFS`, () => {
    const x = sine(rate * 5, 997, rate, amp);
    // toPcm scales by 32767; undo that so the peak is exactly `amp` of 32768.
    const pcm = toPcm(x.map((v) => (v * 32768) / 32767));
    const r = analyzeLoudness(pcm, rate, {});
    assert.ok(r.measured_lufs !== null && Math.abs(r.measured_lufs - want) <= tol, `${r.measured_lufs}`);
    assert.ok(r.loudness_range_lu < 0.1, String(r.loudness_range_lu));
  });
}

test('loudness of silence is null and nothing complies', () => {
  const r = analyzeLoudness(new Int16Array(16000), 16000, {});
  assert.equal(r.measured_lufs, null);
  assert.equal(r.true_peak_db, null);
  assert.equal(r.gain_adjustment_db, null);
  assert.deepEqual(r.broadcast_compliance, { ebu_r128: false, atsc_a85: false, streaming: false });
  assert.match(r.recommendations[0], /silent/);
});

test('momentary and short-term report the loudest window; gain adjustment reaches the target', () => {
  const quiet = sine(16000 * 4, 997, 16000, 0.01);
  const loud = sine(16000 * 4, 997, 16000, 0.1);
  const pcm = toPcm(Float64Array.from([...quiet, ...loud]));
  const m = analyzeLoudness(pcm, 16000, { measurementType: 'momentary', targetLufs: -30 });
  assert.ok(m.measured_lufs !== null && Math.abs(m.measured_lufs + 23.0) < 0.2, String(m.measured_lufs));
  assert.ok(Math.abs((m.gain_adjustment_db ?? 0) - (-30 - m.measured_lufs)) < 1e-9);
  const s = analyzeLoudness(pcm, 16000, { measurementType: 'short_term' });
  assert.ok(s.measured_lufs !== null && Math.abs(s.measured_lufs + 23.0) < 0.2, String(s.measured_lufs));
  // Two 4 s plateaus 20 LU apart: the range spans most of that gap.
  assert.ok(s.loudness_range_lu > 15 && s.loudness_range_lu <= 20.1, String(s.loudness_range_lu));
});

test('a -23 LUFS tone at -20 dBTP complies with EBU R128, not with the streaming target', () => {
  const pcm = toPcm(sine(48000 * 5, 997, 48000, 0.1 * (32768 / 32767)));
  const r = analyzeLoudness(pcm, 48000, {});
  assert.equal(r.broadcast_compliance.ebu_r128, true);
  assert.equal(r.broadcast_compliance.streaming, false);
  assert.equal(r.broadcast_compliance.atsc_a85, true);
});

test('true peak: full-scale sine ≈ 0 dBTP; an fs/4 sine at 45° peaks above its samples', () => {
  const full = analyzeLoudness(toPcm(sine(16000, 997, 16000, 1)), 16000, {});
  assert.ok(full.true_peak_db !== null && Math.abs(full.true_peak_db) < 0.1, String(full.true_peak_db));
  // Faded in and out: an abrupt start rings (Gibbs), which is a real inter-sample peak too.
  const x = sine(16000, 4000, 16000, 0.9, Math.PI / 4).map((v, i, a) => v * Math.min(1, i / 800, (a.length - 1 - i) / 800));
  const samplePeak = db(Math.max(...x.map(Math.abs)));
  const r = analyzeLoudness(toPcm(x), 16000, {});
  assert.ok(Math.abs(samplePeak - db(0.9 * Math.SQRT1_2)) < 0.05, String(samplePeak));
  assert.ok(r.true_peak_db !== null && Math.abs(r.true_peak_db - db(0.9)) < 0.1, String(r.true_peak_db));
  assert.ok(r.true_peak_db > samplePeak + 2.9);
});

test('loudness options are validated with the field named', () => {
  const pcm = toPcm(mix(sine(1600, 440, 16000, 0.1)));
  assert.throws(() => analyzeLoudness(pcm, 16000, { targetLufs: 3 }), (e: unknown) => e instanceof DspConfigError && e.field === 'target_lufs');
  assert.throws(
    () => analyzeLoudness(pcm, 16000, { measurementType: 'peak' as 'momentary' }),
    (e: unknown) => e instanceof DspConfigError && e.field === 'measurement_type',
  );
  const short = analyzeLoudness(pcm, 16000, {});
  assert.ok(short.measured_lufs !== null, 'a clip shorter than one block is measured as one block');
});
