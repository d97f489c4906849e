/** `sustained` with real audio in and the audio check out, through the built binary. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli.js';
import { validateResult } from '../../src/report/read-result.js';
import { readWav } from '../../src/audio/wav.js';

const SPEECH = fileURLToPath(new URL('../../../examples/audio/speech.wav', import.meta.url));
const quick = ['--sessions', '3', '--duration', '2500ms', '--max-lag', '1s', '--level-dbfs', '-6'];

test('--audio speech.wav against the embedded reference server: the audio section is filled and saved', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pipebench-audio-'));
  const json = join(dir, 'r.json');
  const r = await runCli(['sustained', '--audio', SPEECH, ...quick, '--audio-check-sessions', '1', '--save-audio', join(dir, 'wav'), '--json', json]);
  // The verdict is not the subject (latency thresholds can fail on a busy machine): the audio is.
  assert.ok(r.code === 0 || r.code === 1, r.stdout + r.stderr);
  assert.match(r.stdout, /audio {5}file speech\.wav \(22050 Hz, 1 ch, 16-bit\); returned audio checked on 1 session/);
  assert.match(r.stdout, /delay 32\.000 ms median \(512 samples;/);
  const result = JSON.parse(readFileSync(json, 'utf8'));
  assert.deepEqual(validateResult(result), []);
  assert.equal(result.audio.delay_samples.p50, 512);
  assert.equal(result.scenario.audio, SPEECH);
  assert.deepEqual(readdirSync(join(dir, 'wav')).sort(), ['session-0-returned.wav', 'session-0-sent.wav']);
  const sent = readWav(readFileSync(join(dir, 'wav', 'session-0-sent.wav')));
  assert.equal(sent.format.sampleRate, 16000);
  assert.ok(sent.frames >= 16000 * 2, `${sent.frames} samples saved`);
  // Merged with itself (two side-by-side runs): the audio section adds up.
  const m = await runCli(['merge', json, json, '--json', '-', '--quiet']);
  const merged = JSON.parse(m.stdout);
  assert.deepEqual(validateResult(merged), []);
  assert.equal(merged.audio.audio_chunks_checked, 2 * result.audio.audio_chunks_checked);
  assert.deepEqual(merged.audio.delay_samples, result.audio.delay_samples);
});

test('--signal speech: a threshold on audio_delay_ms passes or fails on the measured delay', async () => {
  const r = await runCli(['sustained', '--signal', 'speech', ...quick, '--threshold', 'audio_delay_ms: max < 10', '--json', '-', '--quiet']);
  assert.equal(r.code, 1, r.stderr);
  const t = JSON.parse(r.stdout).thresholds.find((x: { metric: string }) => x.metric === 'audio_delay_ms');
  assert.equal(t.actual, 32);
  assert.equal(t.passed, false);
});

test('exit 2: bad audio input is named with its fix, all at once, before anything starts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pipebench-badaudio-'));
  writeFileSync(join(dir, 'song.mp3'), Buffer.from('ID3\x04\0\0\0\0\0\0\0\0 and more bytes'));
  const r = await runCli(['sustained', '--audio', join(dir, 'song.mp3'), '--audio-offset', 'middle', '--audio-check-sessions', 'some', '--target', 'http://127.0.0.1:9']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--audio \S*song\.mp3: an MP3 file; pipebench reads uncompressed WAV only: convert it with `ffmpeg -i IN -ac 1 -ar 16000 -c:a pcm_s16le OUT\.wav`/);
  assert.match(r.stderr, /--audio-offset: "middle" is not one of spread, random, 0/);
  assert.match(r.stderr, /--audio-check-sessions: "some" is not a whole number/);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
  const missing = await runCli(['sustained', '--audio', join(dir, 'nope.wav'), '--signal', 'speech', '--target', 'http://127.0.0.1:9']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--audio: .*nope\.wav does not exist/);
  assert.match(missing.stderr, /--audio and --signal: choose one/);
});
