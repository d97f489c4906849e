import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DelayEstimator } from '../../src/audio/delay.js';
import { decodeProcessedAudio } from '../../src/audio/frame.js';
import { SessionAudioCheck, chunkDbfs, hasClipRun } from '../../src/audio/check.js';
import { buildAudioSource, type AudioSourceSpec } from '../../src/audio/source.js';
import { pcmToBase64 } from '../../src/dsp/index.js';

const spec: AudioSourceSpec = { sampleRate: 16000, chunkMs: 100, levelDbfs: -6, toneHz: 440, signal: 'speech' };
const speech = buildAudioSource(spec);
const noise = buildAudioSource({ ...spec, signal: 'noise' });
const chirp = buildAudioSource({ ...spec, signal: 'chirp' });
const sine = buildAudioSource({ ...spec, signal: 'sine' });

/** `w` samples of `loop` from position `at` (wrapping), with `lag` samples of delay. */
function segment(loop: Int16Array, at: number, n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (at + i < 0 ? 0 : loop[(at + i) % loop.length]));
}

const W = 16000, M = 8000;
const est = new DelayEstimator(W, M);
for (const [name, src] of [['speech', speech], ['noise', noise], ['chirp', chirp]] as const) {
  for (const delay of [0, 1, 37, 256, 1601, 7999, 8000]) {
    test(`DelayEstimator: ${name} delayed by ${delay} samples measures exactly ${delay}`, () => {
      const start = 3 * W; // a window in the middle of the stream (speech: voiced there)
      const returned = segment(src.pcm, start - delay, W);
      const e = est.estimate(returned, segment(src.pcm, start - M, W + M));
      assert.equal(e.kind, 'measured');
      assert.ok(e.kind === 'measured' && e.lag === delay && e.peak > 0.999, JSON.stringify(e));
    });
  }
}

test('DelayEstimator: a steady tone is ambiguous, silence is silent, unrelated audio has a low peak', () => {
  const s = est.estimate(segment(sine.pcm, 4000 - 100, W), segment(sine.pcm, 4000 - M, W + M));
  assert.equal(s.kind, 'ambiguous');
  assert.equal(est.estimate(new Float64Array(W), segment(noise.pcm, 0, W + M)).kind, 'silent');
  assert.equal(est.estimate(segment(noise.pcm, 0, W), new Float64Array(W + M)).kind, 'silent');
  const other = buildAudioSource({ ...spec, signal: 'chirp' });
  const e = est.estimate(segment(noise.pcm, 5 * W, W), segment(other.pcm, 0, W + M));
  assert.ok(e.kind !== 'silent' && e.peak < 0.1, JSON.stringify(e));
});

test('DelayEstimator: gain and a little noise do not move the peak; the height falls with the noise', () => {
  const start = 2 * W;
  const returned = segment(speech.pcm, start - 300, W).map((v, i) => 0.3 * v + 200 * Math.sin(i * 1.7));
  const e = est.estimate(returned, segment(speech.pcm, start - M, W + M));
  assert.ok(e.kind === 'measured' && e.lag === 300 && e.peak > 0.9 && e.peak < 0.999, JSON.stringify(e));
});

const frame = (pcm: Int16Array, sep = ':') => Buffer.from(`{"type"${sep}"processed_audio"${sep === ':' ? ',' : ', '}"audio"${sep}"${pcmToBase64(pcm)}"}`);
test('decodeProcessedAudio reads the samples, their count, and refuses what is not base64 of whole samples', () => {
  const pcm = Int16Array.from([0, 1, -1, 32767, -32768, 1234, -4321]);
  const out = new Int16Array(7);
  assert.equal(decodeProcessedAudio(frame(pcm), out), 7);
  assert.deepEqual(out, pcm);
  out.fill(0);
  assert.equal(decodeProcessedAudio(frame(pcm, ': '), out), 7);
  assert.deepEqual(out, pcm);
  const short = new Int16Array(3);
  assert.equal(decodeProcessedAudio(frame(pcm), short), 7, 'the true count even when only 3 fit');
  assert.deepEqual([...short], [0, 1, -1]);
  assert.equal(decodeProcessedAudio(frame(new Int16Array(0)), out), 0);
  for (const bad of ['{"type":"processed_audio"}', '{"type":"processed_audio","audio":"AAA"}', '{"type":"processed_audio","audio":"AA=="}',
    '{"type":"processed_audio","audio":"AA!A"}', '{"type":"processed_audio","audio":"AA\\/A"}', '{"type":"processed_audio","audio":5}']) {
    assert.equal(decodeProcessedAudio(Buffer.from(bad), out), -1, bad);
  }
});

test('chunkDbfs and hasClipRun', () => {
  assert.equal(chunkDbfs(new Int16Array(10), 10), -96);
  assert.ok(Math.abs(chunkDbfs(Int16Array.from([16384, -16384]), 2) - -6.0206) < 1e-3);
  assert.equal(hasClipRun(Int16Array.from([32767, 0, 32767]), 3), false);
  assert.equal(hasClipRun(Int16Array.from([0, 32767, 32767]), 3), true);
  assert.equal(hasClipRun(Int16Array.from([-32768, -32768]), 2), true);
  assert.equal(hasClipRun(Int16Array.from([0, 32767, 32767]), 2), false, 'only the first n samples count');
});

type Fault = (seq: number, sent: Int16Array, delayed: Int16Array) => Int16Array;
/** Feeds `chunks` returned chunks built by `fault` from the sent audio delayed by `delay`. */
function run(src: ReturnType<typeof buildAudioSource>, offset: number, chunks: number, delay: number, fault: Fault, warm = false) {
  const n = src.chunkSamples;
  const check = new SessionAudioCheck({ pcm: src.pcm, chunkSamples: n, offset }, 16000);
  if (warm) check.warmUp();
  for (let seq = 0; seq < chunks; seq++) {
    const sent = Int16Array.from({ length: n }, (_, i) => check.sentAt(seq * n + i));
    const delayed = Int16Array.from({ length: n }, (_, i) => check.sentAt(seq * n + i - delay));
    const back = fault(seq, sent, delayed);
    const scratch = new Int16Array(n);
    scratch.set(back.subarray(0, n));
    check.returnedChunk(seq, scratch, back.length, true);
  }
  check.finish();
  return check.stats;
}

test('SessionAudioCheck: a pure delay is measured exactly in every window, nothing else counted', () => {
  const s = run(noise, 13, 50, 123, (_q, _s, d) => d);
  assert.equal(s.chunks, 50);
  assert.deepEqual(s.lags, [123, 123, 123, 123, 123]);
  assert.ok(s.peaks.every((p) => p > 0.999));
  assert.deepEqual([s.lengthMismatches, s.dropouts, s.clipped, s.undecodable, s.ambiguous, s.incomplete], [0, 0, 0, 0, 0, 0]);
});

test('SessionAudioCheck.warmUp (before the stream) leaves no trace in what the check then measures', () => {
  const faults: Fault[] = [(_q, _s, d) => d, (q, _s, d) => (q % 4 === 0 ? new Int16Array(d.length) : d), (q, _s, d) => (q % 3 === 0 ? d.subarray(0, 100) : d)];
  for (const [k, fault] of faults.entries()) {
    assert.deepEqual(run(noise, 13, 50, 123, fault, true), run(noise, 13, 50, 123, fault, false), `fault ${k}`);
  }
});

test('SessionAudioCheck: every 4th chunk zeroed counts dropouts exactly (on loud input)', () => {
  const s = run(noise, 0, 40, 0, (q, _s, d) => (q % 4 === 3 ? new Int16Array(d.length) : d));
  assert.equal(s.dropouts, 10);
  assert.equal(s.levelBins[0], 10, 'ten chunks at -96 dBFS');
});

test('SessionAudioCheck: amplified into clipping counts every clipped chunk, truncated chunks count as mismatches', () => {
  const clip = (v: number) => Math.max(-32768, Math.min(32767, v * 8));
  const c = run(chirp, 0, 20, 0, (q, _s, d) => (q % 5 === 0 ? d.map(clip) : d));
  assert.equal(c.clipped, 4);
  const t = run(speech, 0, 30, 0, (q, _s, d) => (q % 3 === 0 ? d.subarray(0, 800) : d));
  assert.equal(t.lengthMismatches, 10);
  assert.equal(t.incomplete, 3, 'windows with a truncated chunk are not correlated');
  const long = run(speech, 0, 10, 0, (_q, _s, d) => Int16Array.from([...d, 1, 2]));
  assert.equal(long.lengthMismatches, 10);
});

test('AudioCheck as a load event sink: only chunkAudio of checked sessions, measured by the clock window', async () => {
  const { AudioCheck } = await import('../../src/audio/run-check.js');
  const check = new AudioCheck({ source: noise, offsets: [0, 0], sessions: [1], save: false });
  check.clockStarted(0, 1000, 2000);
  const n = noise.chunkSamples;
  for (let seq = 0; seq < 20; seq++) {
    const f = frame(Int16Array.from({ length: n }, (_, i) => noise.pcm[seq * n + i]));
    check.chunkAudio(0, seq, 900 + seq * 100, 0, f); // unchecked session: ignored
    check.chunkAudio(1, seq, 900 + seq * 100, 0, f); // due 900..2800: seq 1-10 measured
  }
  const s = check.summary();
  assert.equal(s.audio_chunks_checked, 10);
  assert.equal(s.sessions.length, 1);
  assert.equal(s.sessions[0].index, 1);
});
