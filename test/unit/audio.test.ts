import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunksPerCycle, pcmToBase64, precomputeChunks, samplesPerChunk, sineChunk } from '../../src/load/audio.js';

const seed = { sampleRate: 16000, chunkMs: 100, toneHz: 440, levelDbfs: 0 };

test('a 100 ms chunk at 16 kHz is 1600 samples, 3200 bytes, 4268 base64 characters', () => {
  assert.equal(samplesPerChunk(16000, 100), 1600);
  const b64 = pcmToBase64(sineChunk(seed, 0));
  assert.equal(Buffer.from(b64, 'base64').length, 3200);
  assert.equal(b64.length, 4268);
});

test('chunks per phase cycle', () => {
  const cases: Array<[number, number, number, number]> = [
    [16000, 100, 440, 1], // 44 whole cycles per chunk: every chunk identical
    [16000, 100, 1000, 1],
    [16000, 100, 445, 2], // 44.5 cycles
    [16000, 100, 441, 10],
    [48000, 20, 997, 50],
  ];
  for (const [sr, ms, hz, want] of cases) assert.equal(chunksPerCycle({ sampleRate: sr, chunkMs: ms, toneHz: hz, levelDbfs: 0 }), want, `${hz} Hz`);
});

test('the sine is phase-continuous across chunk boundaries', () => {
  const spec = { sampleRate: 16000, chunkMs: 100, toneHz: 445, levelDbfs: 0 };
  const a = sineChunk(spec, 0);
  const b = sineChunk(spec, 1);
  const w = (2 * Math.PI * 445) / 16000;
  assert.equal(b[0], Math.round(32767 * Math.sin(w * 1600)));
  // The step across the boundary is as small as any step inside the chunk.
  const maxStep = Math.max(...Array.from(a.subarray(1), (v, i) => Math.abs(v - a[i])));
  assert.ok(Math.abs(b[0] - a[a.length - 1]) <= maxStep + 1);
});

test('level: 0 dBFS peaks at full scale, -20 dBFS at a tenth', () => {
  const peak = (db: number) => Math.max(...sineChunk({ ...seed, toneHz: 1000, levelDbfs: db }, 0));
  assert.ok(peak(0) >= 32700);
  assert.ok(Math.abs(peak(-20) - 3277) <= 2);
});

test('precomputeChunks gives one base64 string per distinct chunk', () => {
  assert.equal(precomputeChunks(seed).length, 1);
  const two = precomputeChunks({ ...seed, toneHz: 445 });
  assert.equal(two.length, 2);
  assert.notEqual(two[0], two[1]);
});
