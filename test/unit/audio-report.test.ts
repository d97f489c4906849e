import { test } from 'node:test';
import assert from 'node:assert/strict';
import { audioMarkdown, audioText, delayLine } from '../../src/report/audio.js';
import { audioSection } from '../../src/report/html/audio.js';
import { summarizeAudio, type AudioWaveform } from '../../src/audio/summary.js';
import { LEVEL_BINS, type SessionAudioStats } from '../../src/audio/check.js';
import { buildAudioSource } from '../../src/audio/source.js';

const source = buildAudioSource({ sampleRate: 16000, chunkMs: 100, levelDbfs: -6, toneHz: 440, signal: 'speech' });
const bins = new Array<number>(LEVEL_BINS).fill(0);
bins[96 - 20] = 9;
bins[0] = 1;
const stats: SessionAudioStats = {
  chunks: 10, lengthMismatches: 1, undecodable: 0, dropouts: 2, clipped: 3, levelBins: bins, lags: [512, 512], peaks: [0.99, 0.95],
  ambiguous: 0, silent: 0, incomplete: 0,
};
const waveform: AudioWaveform = { session: 0, sample_rate: 16000, delay_samples: 512, correlation: 0.99, sent: [[-0.5, 0.5], [0, 0]], returned: [[-0.4, 0.4], [0, 0]] };
const audio = summarizeAudio(source, [{ index: 0, offsetChunks: 0, stats }], waveform);

test('audio table block: source, delay in ms and samples, correlation, counts, level', () => {
  assert.equal(audioText(audio), [
    'audio     signal speech; returned audio checked on 1 session, 10 chunks',
    '  delay 32.000 ms median (512 samples; min 32.000, max 32.000 ms) over 2 windows; correlation min 0.950, median 0.950',
    '  returned 1 length mismatches, 2 dropouts, 3 clipped chunks; level median -19.5 dBFS (min -96.0, max -19.5)',
  ].join('\n'));
  assert.equal(audioText(undefined), '');
});

test('no delay figure says why: a steady tone is ambiguous', () => {
  const tone = summarizeAudio(source, [{ index: 0, offsetChunks: 0, stats: { ...stats, lags: [], peaks: [], ambiguous: 4 } }], null);
  assert.match(delayLine(tone), /^delay not measured: 4 windows ambiguous: periodic audio \(a steady tone\) has no single delay; use --signal chirp, noise or speech, or --audio$/);
  assert.match(audioSection(tone), /No window with a measured delay to show/);
});

test('Markdown and HTML carry the same lines; HTML draws both waveforms inline', () => {
  const md = audioMarkdown(audio);
  assert.match(md, /^### Returned audio\n\nsignal speech; 1 session checked, 10 chunks\.\n\n- delay 32\.000 ms median/);
  const html = audioSection(audio);
  assert.equal((html.match(/<path d="M/g) ?? []).length, 2, 'sent and returned envelopes');
  assert.match(html, /sent audio shifted by the measured delay \(512 samples, 32\.000 ms\)/);
  assert.doesNotMatch(html, /<script|https?:/);
});
