/** What batch sends and how it reads replies: endpoints, rates, bodies, classification. Pure. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRequest, parseEndpoint } from '../../src/batch/body.js';
import { classify } from '../../src/batch/outcome.js';
import { parseRate } from '../../src/batch/options.js';
import { decodeWav, pcmFromBase64 } from '../../src/dsp/index.js';

const audio = { seconds: 0.5, sampleRate: 16000, toneHz: 1000, levelDbfs: -6, format: 'wav' as const };

test('parseEndpoint: the four endpoints, and a problem naming the choices', () => {
  assert.deepEqual(parseEndpoint('process').endpoint, { kind: 'process' });
  assert.deepEqual(parseEndpoint('stage:noise_reduction').endpoint, { kind: 'stage', stage: 'noise_reduction' });
  assert.deepEqual(parseEndpoint('fft').endpoint, { kind: 'fft' });
  assert.deepEqual(parseEndpoint('lufs').endpoint, { kind: 'lufs' });
  assert.match(parseEndpoint('stage').problem!, /use one of process, stage:<name>, fft or lufs; name the stage/);
  assert.match(parseEndpoint('stage:a/b').problem!, /not an endpoint/);
});

test('parseRate: per second, minute and hour; junk and zero rejected', () => {
  for (const [text, perS] of [['20', 20], ['20/s', 20], ['600/m', 10], ['0.5/s', 0.5], ['3600/h', 1], [' 5 / s ', 5]] as const) {
    assert.equal(parseRate(text), perS, text);
  }
  for (const text of ['', '0/s', 'fast', '-1/s', '20/d']) assert.equal(parseRate(text), undefined, text);
});

test('process body: multipart with the pipeline and a WAV file holding the sine', () => {
  const req = buildRequest({ kind: 'process' }, audio, { stages: { vad: {} } });
  assert.equal(req.path, '/api/pipeline/process');
  const boundary = /boundary=(.+)$/.exec(req.contentType)![1];
  const parts = req.body.toString('latin1').split(`--${boundary}`).slice(1, -1);
  const names = parts.map((p) => /name="([^"]+)"/.exec(p)![1]);
  assert.deepEqual(names, ['pipeline_config', 'processing_mode', 'output_format', 'audio_file']);
  assert.match(parts[0], /"stages":\{"vad":\{\}\}/);
  const wavText = parts[3].slice(parts[3].indexOf('\r\n\r\n') + 4, -2);
  const wav = decodeWav(new Uint8Array(Buffer.from(wavText, 'latin1')));
  assert.equal(wav.sampleRate, 16000);
  assert.equal(wav.pcm.length, 8000);
  const peak = Math.max(...wav.pcm.map(Math.abs));
  assert.ok(Math.abs(peak - 32767 * 10 ** (-6 / 20)) < 2, `peak ${peak}`);
});

test('process body as PCM: base64 audio_data and its sample_rate', () => {
  const req = buildRequest({ kind: 'process' }, { ...audio, format: 'pcm' }, {});
  const text = req.body.toString();
  assert.match(text, /name="audio_data"\r\n\r\n[A-Za-z0-9+/]+=*\r\n/);
  assert.match(text, /name="sample_rate"\r\n\r\n16000\r\n/);
});

test('stage, fft and lufs bodies: JSON with base64 PCM of the right length', () => {
  const cases = [
    [{ kind: 'stage', stage: 'agc' }, '/api/audio/process/stage/agc', 'stage_config'],
    [{ kind: 'fft' }, '/api/audio/analyze/fft', 'window_size'],
    [{ kind: 'lufs' }, '/api/audio/analyze/lufs', 'measurement_type'],
  ] as const;
  for (const [endpoint, path, key] of cases) {
    const req = buildRequest(endpoint, { ...audio, format: 'pcm' }, {});
    assert.equal(req.path, path);
    assert.equal(req.contentType, 'application/json');
    const body = JSON.parse(req.body.toString());
    assert.ok(key in body, key);
    assert.equal(pcmFromBase64(body.audio_data, 'audio_data').length, 8000);
  }
});

test('classify: 2xx is ok unless "success": false; other statuses fail with the server reason', () => {
  assert.equal(classify(200, '{"success": true, "processed_audio": "AAA="}').ok, true);
  assert.equal(classify(201, 'not json').ok, true);
  const f = classify(200, '{"success": false, "errors": ["coordinator has no method"]}');
  assert.deepEqual([f.ok, f.kind, f.message], [false, 'success: false', '["coordinator has no method"]']);
  const e = classify(422, '{"detail": "pipeline_config: missing stages"}');
  assert.deepEqual([e.ok, e.kind, e.message, e.status], [false, 'HTTP 422', 'pipeline_config: missing stages', 422]);
});
