import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeAudio } from '../../src/audio/merge.js';
import { summarizeAudio, type CheckedSession } from '../../src/audio/summary.js';
import { LEVEL_BINS, type SessionAudioStats } from '../../src/audio/check.js';
import { buildAudioSource } from '../../src/audio/source.js';

const source = buildAudioSource({ sampleRate: 16000, chunkMs: 100, levelDbfs: -6, toneHz: 440, signal: 'noise' });

function stats(o: Partial<SessionAudioStats>): SessionAudioStats {
  return {
    chunks: 0, lengthMismatches: 0, undecodable: 0, dropouts: 0, clipped: 0, levelBins: new Array<number>(LEVEL_BINS).fill(0),
    lags: [], peaks: [], ambiguous: 0, silent: 0, incomplete: 0, ...o,
  };
}
const bins = (entries: [number, number][]) => {
  const b = new Array<number>(LEVEL_BINS).fill(0);
  for (const [db, c] of entries) b[db + 96] = c;
  return b;
};

const a: CheckedSession[] = [{ index: 0, offsetChunks: 0, stats: stats({ chunks: 30, dropouts: 2, lags: [512, 512, 513], peaks: [0.9, 0.95, 0.97], levelBins: bins([[-20, 28], [-96, 2]]) }) }];
const b: CheckedSession[] = [
  { index: 5, offsetChunks: 40, stats: stats({ chunks: 30, clipped: 4, lengthMismatches: 1, lags: [510, 512], peaks: [0.8, 0.99], ambiguous: 1, levelBins: bins([[-20, 10], [-3, 20]]) }) },
  { index: 3, offsetChunks: 24, stats: stats({ chunks: 20, silent: 2, levelBins: bins([[-40, 20]]) }) },
];

test('mergeAudio: counts, windows and level bins add exactly; min/max exact; sessions by index', () => {
  const m = mergeAudio([summarizeAudio(source, a, null), undefined, summarizeAudio(source, b, null)])!;
  assert.equal(m.sessions_checked, 3);
  assert.equal(m.audio_chunks_checked, 80);
  assert.deepEqual([m.audio_dropouts, m.audio_clipped_chunks, m.audio_length_mismatches], [2, 4, 1]);
  assert.deepEqual(m.windows, { measured: 5, ambiguous: 1, silent: 2, incomplete: 0 });
  assert.deepEqual(m.audio_rms_dbfs.histogram, [[-96, 2], [-40, 20], [-20, 38], [-3, 20]]);
  assert.equal(m.audio_rms_dbfs.count, 80);
  assert.equal(m.audio_delay_ms.count, 5);
  assert.equal(m.audio_delay_ms.min, 31.875);
  assert.equal(m.audio_delay_ms.max, 32.063);
  assert.deepEqual(m.delay_samples, { min: 510, p50: 512, max: 513 });
  assert.deepEqual(m.audio_correlation, { min: 0.8, p50: 0.8, max: 0.99 }, 'p50: the lower median of the parts\' medians 0.95 and 0.8');
  assert.deepEqual(m.sessions.map((s) => s.index), [0, 3, 5]);
});

test('mergeAudio: one part gives back its own figures; no part gives nothing', () => {
  const one = summarizeAudio(source, a, null);
  const m = mergeAudio([one])!;
  assert.deepEqual([m.audio_delay_ms.count, m.audio_delay_ms.min, m.audio_delay_ms.max], [3, 32, 32.063]);
  assert.deepEqual(m.delay_samples, one.delay_samples);
  assert.deepEqual(m.audio_rms_dbfs, one.audio_rms_dbfs);
  assert.equal(mergeAudio([undefined, undefined]), undefined);
});
