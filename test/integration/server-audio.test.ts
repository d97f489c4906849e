/** Reference server, HTTP audio endpoints: batch pipeline, single stage, catalogue, FFT, LUFS. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { PIPELINE, http, multipart, sine, toBase64, wavFile } from '../helpers/server-client.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('server audio endpoints', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({});
  });
  after(() => server.close());
  const post = (path: string, body: unknown, headers?: Record<string, string>) => http('POST', `${server.url}${path}`, body, headers);
  const postMultipart = (path: string, parts: Parameters<typeof multipart>[0]) => {
    const { body, contentType } = multipart(parts);
    return post(path, body, { 'content-type': contentType });
  };

  describe('POST /api/pipeline/process', () => {
    const tone = sine(440, 1, 0.25);

    test('a WAV upload comes back processed, as a WAV', async () => {
      const r = await postMultipart('/api/pipeline/process', {
        pipeline_config: JSON.stringify(PIPELINE),
        audio_file: { filename: 'tone.wav', data: wavFile(tone) },
        processing_mode: 'batch',
        output_format: 'wav',
        metadata: '{"take": 1}',
      });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.success, true);
      assert.equal(r.json.pipeline_id, 'pipebench-test');
      const wav = Buffer.from(r.json.processed_audio, 'base64');
      assert.equal(wav.subarray(0, 4).toString(), 'RIFF');
      assert.equal(wav.length, 44 + tone.byteLength);
      const m = r.json.metrics;
      assert.equal(typeof m.total_latency, 'number');
      assert.equal(typeof m.stage_latencies, 'object');
      assert.equal(typeof m.quality_metrics.snr, 'number');
      assert.equal(typeof m.quality_metrics.rms, 'number');
      assert.ok(m.quality_metrics.lufs === null || typeof m.quality_metrics.lufs === 'number');
      assert.equal(typeof m.cpu_usage, 'number');
      assert.deepEqual([r.json.stage_outputs, r.json.errors, r.json.warnings], [null, null, null]);
    });

    test('base64 audio_data in, base64 PCM out', async () => {
      const r = await postMultipart('/api/pipeline/process', {
        pipeline_config: JSON.stringify(PIPELINE),
        audio_data: toBase64(tone),
        output_format: 'base64',
      });
      assert.equal(r.status, 200, r.text);
      assert.equal(Buffer.from(r.json.processed_audio, 'base64').length, tone.byteLength);
    });

    test('no audio → 400; bad config → 422; bad output_format → 422; not a WAV → 422', async () => {
      const config = JSON.stringify(PIPELINE);
      const none = await postMultipart('/api/pipeline/process', { pipeline_config: config });
      assert.equal(none.status, 400);
      assert.deepEqual(none.json, { detail: 'No audio data provided' });
      const badJson = await postMultipart('/api/pipeline/process', { pipeline_config: '{', audio_data: toBase64(tone) });
      assert.equal(badJson.status, 422);
      assert.match(badJson.json.detail, /^pipeline_config: not valid JSON/);
      const badFormat = await postMultipart('/api/pipeline/process', { pipeline_config: config, audio_data: toBase64(tone), output_format: 'mp3' });
      assert.equal(badFormat.status, 422);
      assert.match(badFormat.json.detail, /^output_format/);
      const notWav = await postMultipart('/api/pipeline/process', { pipeline_config: config, audio_file: { filename: 'x.wav', data: Buffer.from('hello world, not a wav') } });
      assert.equal(notWav.status, 422);
      assert.match(notWav.json.detail, /^audio_file/);
      const truncated = await post('/api/pipeline/process', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb', { 'content-type': 'multipart/form-data; boundary=x' });
      assert.equal(truncated.status, 400);
    });

    test('a body that ends inside a file part → 400, and the server lives on', async () => {
      const cut = '--XyZ\r\nContent-Disposition: form-data; name="audio_file"\r\n\r\ntruncated';
      const r = await post('/api/pipeline/process', cut, { 'content-type': 'multipart/form-data; boundary=XyZ' });
      assert.equal(r.status, 400);
      assert.match(r.json.detail, /^Malformed multipart body/);
      const named = '--XyZ\r\nContent-Disposition: form-data; name="f"; filename="a.wav"\r\n\r\nRIFF';
      assert.equal((await post('/api/pipeline/process', named, { 'content-type': 'multipart/form-data; boundary=XyZ' })).status, 400);
      assert.equal((await http('GET', `${server.url}/api/health`)).status, 200);
    });
  });

  describe('single stage', () => {
    const pcm = sine(440, 0.2, 0.25);
    const b64 = toBase64(pcm);
    const path = '/api/audio/process/stage/noise_reduction';

    function checkStageReply(r: Awaited<ReturnType<typeof post>>) {
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.stage_name, 'noise_reduction');
      assert.match(r.json.stage_id, /^stage_noise_reduction_\d{8}_\d{6}_\d{6}$/);
      assert.equal(r.json.stage_config.strength, 0.8);
      assert.equal(r.json.stage_config.time_smoothing, 0.4, 'defaults merged in');
      assert.equal(r.json.result.status, 'processed');
      assert.equal(r.json.result.stage_result.output_audio.length, b64.length);
      assert.equal(r.json.processed_audio, r.json.result.stage_result.output_audio);
    }

    test('JSON body', async () => {
      checkStageReply(await post(path, { audio_data: b64, stage_config: { strength: 0.8 } }));
    });

    test('urlencoded form with stage_config as JSON text', async () => {
      const form = new URLSearchParams({ audio_data: b64, stage_config: JSON.stringify({ strength: 0.8 }) }).toString();
      checkStageReply(await post(path, form, FORM));
    });

    test('multipart form', async () => {
      checkStageReply(await postMultipart(path, { audio_data: b64, stage_config: '{"strength":0.8}' }));
    });

    test('unknown stage → 404, no audio → 400, bad stage_config → 422', async () => {
      const unknown = await post('/api/audio/process/stage/reverb', { audio_data: b64 });
      assert.equal(unknown.status, 404);
      assert.match(unknown.json.detail, /reverb/);
      assert.equal((await post(path, { stage_config: {} })).status, 400);
      assert.equal((await post(path, { audio_data: b64, stage_config: [1] })).status, 422);
      assert.equal((await post(path, { audio_data: '%%%%' })).status, 422);
    });
  });

  test('stage catalogue and one stage config', async () => {
    const info = await http('GET', `${server.url}/api/audio/stages/info`);
    assert.equal(info.status, 200);
    assert.ok(info.json.total_stages >= 10);
    assert.equal(info.json.available_stages.vad.default_config.threshold, 0.5);
    assert.ok(info.json.available_stages.vad.parameters.includes('threshold'));
    const cfg = await http('GET', `${server.url}/api/audio/stages/compression/config`);
    assert.equal(cfg.status, 200);
    assert.equal(cfg.json.stage_name, 'compression');
    assert.equal(cfg.json.default_config.ratio, 4);
    assert.equal((await http('GET', `${server.url}/api/audio/stages/reverb/config`)).status, 404);
  });

  test('FFT of a 1 kHz sine peaks at 1000 Hz (JSON and form)', async () => {
    const audio = toBase64(sine(1000, 1, 0.1));
    const r = await post('/api/audio/analyze/fft', { audio_data: audio, window_size: 2048, overlap: 0.5, window_type: 'hann' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.analysis_type, 'fft');
    assert.ok(Math.abs(r.json.result.peak_frequency - 1000) < 5, `peak ${r.json.result.peak_frequency}`);
    assert.equal(r.json.result.frequency_data.frequencies.length, r.json.result.frequency_data.magnitudes.length);
    const form = await post('/api/audio/analyze/fft', new URLSearchParams({ audio_data: audio, window_size: '4096' }).toString(), FORM);
    assert.equal(form.status, 200, form.text);
    assert.equal(form.json.result.window_size, 4096);
    assert.ok(Math.abs(form.json.result.peak_frequency - 1000) < 5);
    const bad = await post('/api/audio/analyze/fft', { audio_data: audio, window_size: 1000 });
    assert.equal(bad.status, 422);
    assert.match(bad.json.detail, /^window_size/);
  });

  test('LUFS of a full-scale 997 Hz sine is -3.01 (JSON and form)', async () => {
    const audio = toBase64(sine(997, 3, 1));
    const r = await post('/api/audio/analyze/lufs', { audio_data: audio, measurement_type: 'integrated', target_lufs: -23 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.analysis_type, 'lufs');
    assert.ok(Math.abs(r.json.result.measured_lufs - -3.01) < 0.05, `measured ${r.json.result.measured_lufs}`);
    assert.equal(typeof r.json.result.broadcast_compliance.ebu_r128, 'boolean');
    const form = await post('/api/audio/analyze/lufs', new URLSearchParams({ audio_data: audio, target_lufs: '-16' }).toString(), FORM);
    assert.equal(form.status, 200, form.text);
    assert.equal(form.json.result.target_lufs, -16);
    const bad = await post('/api/audio/analyze/lufs', { audio_data: audio, measurement_type: 'peak' });
    assert.equal(bad.status, 422);
    assert.equal((await post('/api/audio/analyze/lufs', {})).status, 400);
  });
});
