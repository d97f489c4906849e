import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createChain,
  DspConfigError,
  mapStageId,
  type PipelineConfig,
  processPipeline,
  processStage,
  STAGE_CATALOGUE,
} from '../../src/dsp/index.js';
import { DEFAULT_PIPELINE } from '../../src/scenario.js';
import { levelDb, mix, sine, toneSnrDb, toPcm, whiteNoise } from '../../src/dsp/signals.js';

const RATE = 16000;
const CHUNK = 1600;

/** The pipeline the load tool seeds every session with (vad → noise_reduction → voice_enhancement). */
const SEED: PipelineConfig = DEFAULT_PIPELINE;

const noisyTone = (seconds: number) => toPcm(mix(sine(RATE * seconds, 440, RATE, 0.2), whiteNoise(RATE * seconds, 0.03, 5)));

/** Feeds `pcm` through `chain` in chunks and concatenates the outputs. */
function streamThrough(chain: ReturnType<typeof createChain>, pcm: Int16Array, chunk: number): Int16Array {
  const out = new Int16Array(pcm.length);
  for (let at = 0; at < pcm.length; at += chunk) {
    const r = chain.process(pcm.subarray(at, at + chunk));
    assert.equal(r.output.length, Math.min(chunk, pcm.length - at));
    out.set(r.output, at);
  }
  return out;
}

test('seed pipeline processes 100 ms chunks: same length out, metrics per stage, state carried across chunks', () => {
  const chain = createChain(SEED, RATE);
  assert.deepEqual(chain.stageIds, ['vad', 'noise_reduction', 'voice_enhancement']);
  const pcm = noisyTone(3);
  const r = chain.process(pcm.subarray(0, CHUNK));
  assert.deepEqual(Object.keys(r.stageLatenciesMs), ['vad', 'noise_reduction', 'voice_enhancement']);
  assert.ok(Object.values(r.stageLatenciesMs).every((ms) => ms >= 0));
  // Chunked processing equals one pass over the whole clip only if every stage keeps its state.
  const chunked = streamThrough(createChain(SEED, RATE), pcm, CHUNK);
  const odd = streamThrough(createChain(SEED, RATE), pcm, 317);
  const whole = createChain(SEED, RATE).process(pcm).output;
  assert.deepEqual(chunked, whole);
  assert.deepEqual(odd, whole);
});

test('chain metrics: rms of the output, SNR estimate high for a clean tone and low for noise', () => {
  const tone = createChain({ stages: {} }, RATE).process(toPcm(sine(CHUNK, 1000, RATE, 1)));
  assert.ok(Math.abs(tone.rmsDbfs - -3.01) < 0.05);
  assert.ok(tone.snrDb > 40, String(tone.snrDb));
  const noise = createChain({ stages: {} }, RATE).process(toPcm(whiteNoise(CHUNK, 0.1)));
  assert.ok(noise.snrDb < 3, String(noise.snrDb));
  const silent = createChain(SEED, RATE).process(new Int16Array(CHUNK));
  assert.equal(silent.rmsDbfs, -96);
  assert.equal(silent.snrDb, 0);
  assert.equal(createChain(SEED, RATE).process(new Int16Array(0)).output.length, 0);
});

test('updateStage changes behaviour live: noise_reduction strength 0 passes noise, 1 removes it', () => {
  const pcm = noisyTone(4);
  const snrAfter = (strength: number) => {
    const chain = createChain({ stages: { noise_reduction: {} } }, RATE);
    chain.updateStage('noise_reduction', { strength });
    const out = streamThrough(chain, pcm, CHUNK);
    return toneSnrDb(Float64Array.from(out.subarray(RATE * 2, RATE * 4 - 512), (v) => v / 32768), 440, RATE);
  };
  assert.ok(snrAfter(1) - snrAfter(0) > 8, `${snrAfter(0)} vs ${snrAfter(1)}`);
  const chain = createChain(SEED, RATE);
  chain.updateStage('noise_reduction', { parameters: { strength: 0.9 }, gain_out: -6 });
  chain.updateStage('vad', { enabled: false });
  assert.throws(() => chain.updateStage('eq', { gain: 1 }), (e: unknown) => e instanceof DspConfigError && e.field === 'stage_id' && e.message === 'Stage eq not found');
  assert.throws(
    () => chain.updateStage('noise_reduction', { strength: 2 }),
    (e: unknown) => e instanceof DspConfigError && e.field === 'stages.noise_reduction.parameters.strength',
  );
});

test('disabled stages pass audio through; gain_in and gain_out apply in dB', () => {
  const pcm = toPcm(sine(CHUNK, 440, RATE, 0.5));
  const off = createChain({ stages: { noise_reduction: { enabled: false }, agc: { enabled: false } } }, RATE).process(pcm);
  assert.deepEqual(off.output, pcm);
  assert.deepEqual(off.stageLatenciesMs, {});
  const quieter = createChain({ stages: { output: { gain_in: -3, gain_out: -3 } } }, RATE).process(pcm);
  assert.ok(Math.abs(quieter.rmsDbfs - levelDb(pcm, 1 / 32768) + 6) < 0.01);
});

test('front-end names map to server ids; input/output are passthrough stages', () => {
  const cases: [string, string][] = [
    ['voice_filter', 'voice_frequency_filter'],
    ['file_input', 'input'],
    ['record_input', 'input'],
    ['speaker_output', 'output'],
    ['file_output', 'output'],
    ['noise_reduction', 'noise_reduction'],
  ];
  for (const [name, id] of cases) assert.equal(mapStageId(name), id);
  const chain = createChain({ stages: { record_input: {}, voice_filter: { parameters: { filter_order: 2 } }, speaker_output: {} } }, RATE);
  assert.deepEqual(chain.stageIds, ['input', 'voice_frequency_filter', 'output']);
  chain.updateStage('voice_frequency_filter', { low_cutoff: 120 });
  chain.updateStage('voice_filter', { low_cutoff: 150 });
  assert.throws(() => createChain({ stages: { voice_filter: {}, voice_frequency_filter: {} } }, RATE), /same stage/);
});

test('stage order follows connections, falls back to key order on a cycle', () => {
  const stages = { limiter: {}, agc: {}, equalizer: {} };
  const linked = createChain({ stages, connections: [
    { source_stage_id: 'agc', target_stage_id: 'equalizer' },
    { source_stage_id: 'equalizer', target_stage_id: 'limiter' },
    { source_stage_id: 'file_input', target_stage_id: 'agc' },
  ] }, RATE);
  assert.deepEqual(linked.stageIds, ['agc', 'equalizer', 'limiter']);
  const cyclic = createChain({ stages, connections: [
    { source_stage_id: 'agc', target_stage_id: 'limiter' },
    { source_stage_id: 'limiter', target_stage_id: 'agc' },
  ] }, RATE);
  assert.deepEqual(cyclic.stageIds, ['limiter', 'agc', 'equalizer']);
});

const badConfigs: [string, unknown, string][] = [
  ['unknown stage', { stages: { reverb: {} } }, 'pipeline_config.stages.reverb'],
  ['stages missing', {}, 'pipeline_config.stages'],
  ['stage not an object', { stages: { vad: 3 } }, 'pipeline_config.stages.vad'],
  ['aggressiveness 5', { stages: { vad: { parameters: { aggressiveness: 5 } } } }, 'pipeline_config.stages.vad.parameters.aggressiveness'],
  ['frame_duration 25', { stages: { vad: { parameters: { frame_duration: 25 } } } }, 'pipeline_config.stages.vad.parameters.frame_duration'],
  ['strength as string', { stages: { noise_reduction: { parameters: { strength: '0.5' } } } }, 'pipeline_config.stages.noise_reduction.parameters.strength'],
  ['smoothing alias out of range', { stages: { noise_reduction: { parameters: { smoothing: 3 } } } }, 'pipeline_config.stages.noise_reduction.parameters.smoothing'],
  ['gain_in 30 dB', { stages: { agc: { gain_in: 30 } } }, 'pipeline_config.stages.agc.gain_in'],
  ['enabled not boolean', { stages: { agc: { enabled: 'yes' } } }, 'pipeline_config.stages.agc.enabled'],
  ['filter_order 5', { stages: { voice_filter: { parameters: { filter_order: 5 } } } }, 'pipeline_config.stages.voice_filter.parameters.filter_order'],
  ['cutoffs crossed', { stages: { voice_filter: { parameters: { low_cutoff: 3000, high_cutoff: 2000 } } } }, 'pipeline_config.stages.voice_filter.parameters.high_cutoff'],
  ['equalizer band gain', { stages: { equalizer: { parameters: { mid_peak: { gain: 40 } } } } }, 'pipeline_config.stages.equalizer.parameters.mid_peak.gain'],
  ['measurement type', { stages: { lufs_normalization: { parameters: { measurement_type: 'peak' } } } }, 'pipeline_config.stages.lufs_normalization.parameters.measurement_type'],
];
for (const [name, config, field] of badConfigs) {
  test(`createChain rejects ${name}, naming ${field}`, () => {
    assert.throws(
      () => createChain(config as PipelineConfig, RATE),
      (e: unknown) => e instanceof DspConfigError && e.field === field && e.message.length > 0,
    );
  });
}

test('unknown stage error lists the allowed names; bad sample rate is named', () => {
  assert.throws(() => createChain({ stages: { reverb: {} } }, RATE), /allowed: vad, voice_filter, noise_reduction/);
  assert.throws(() => createChain(SEED, 100), (e: unknown) => e instanceof DspConfigError && e.field === 'sample_rate');
});

test('STAGE_CATALOGUE holds the ten stages with the protocol defaults', () => {
  assert.deepEqual(Object.keys(STAGE_CATALOGUE), [
    'vad', 'voice_filter', 'noise_reduction', 'voice_enhancement', 'equalizer',
    'spectral_denoising', 'lufs_normalization', 'agc', 'compression', 'limiter',
  ]);
  assert.equal(STAGE_CATALOGUE.vad.defaults.threshold, 0.5);
  assert.deepEqual(STAGE_CATALOGUE.equalizer.defaults.high_shelf, { freq: 10000, gain: 0, q: 0.7 });
  assert.deepEqual(STAGE_CATALOGUE.limiter.defaults, { threshold: -0.1, release: 0.05, lookahead: 0.005 });
  assert.equal(STAGE_CATALOGUE.agc.defaults.release_time, 1.0);
  assert.ok(Object.isFrozen(STAGE_CATALOGUE.agc.defaults));
});

test('processStage merges defaults, takes flat or nested configs, aligns output, rejects unknown stages', () => {
  const pcm = toPcm(sine(4000, 440, RATE, 0.3));
  const r = processStage('noise_reduction', { strength: 0 }, pcm, RATE);
  assert.deepEqual(r.stageConfig, { strength: 0, frequency_smoothing: 0.3, time_smoothing: 0.4, enabled: true, gain_in: 0, gain_out: 0 });
  assert.ok(r.output.every((v, i) => Math.abs(v - pcm[i]) <= 1), 'delay compensated');
  assert.ok(r.processingMs >= 0);
  const nested = processStage('voice_filter', { gain_out: -6, parameters: { filter_order: 8 } }, pcm, RATE);
  assert.equal(nested.stageConfig.filter_order, 8);
  assert.equal(nested.stageConfig.gain_out, -6);
  assert.throws(() => processStage('reverb', {}, pcm, RATE), (e: unknown) => e instanceof DspConfigError && e.field === 'stage_name');
  assert.throws(
    () => processStage('agc', { max_gain: 99 }, pcm, RATE),
    (e: unknown) => e instanceof DspConfigError && e.field === 'stage_config.parameters.max_gain',
  );
});

test('processPipeline compensates the chain delay for whole clips', () => {
  const pcm = toPcm(sine(8000, 440, RATE, 0.3));
  const r = processPipeline({ stages: { noise_reduction: { parameters: { strength: 0 } }, limiter: {} } }, pcm, RATE);
  assert.equal(r.output.length, pcm.length);
  assert.ok(r.output.every((v, i) => Math.abs(v - pcm[i]) <= 1));
});
