/**
 * The audio check against servers that damage the returned audio in known ways, and against the
 * reference server's documented chain delay. Real sockets on 127.0.0.1; figures equal the truth.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSustained } from '../../src/measure/run.js';
import type { RunPlan } from '../../src/load/plan.js';
import { ChunkFrames } from '../../src/load/protocol.js';
import { prepareAudio } from '../../src/audio/prepare.js';
import type { AudioOptions } from '../../src/audio/options.js';
import type { SignalName } from '../../src/audio/signals.js';
import { PipelineChain } from '../../src/dsp/chain.js';
import type { PipelineConfig } from '../../src/dsp/index.js';
import { startServer } from '../../src/server/index.js';
import { DEFAULT_PIPELINE } from '../../src/scenario.js';
import { startFakeServer, type FakeBehaviour } from '../helpers/fake-server.js';

interface Case {
  signal: SignalName;
  levelDbfs?: number;
  sessions?: number;
  durationMs?: number;
  sampleRate?: number;
  check?: number | 'all';
  pipeline?: PipelineConfig;
}

/** Streams `c.signal` to `target` and returns the audio section. */
async function checkAgainst(target: string, c: Case) {
  const sampleRate = c.sampleRate ?? 16000;
  const sessions = c.sessions ?? 2;
  const audio: AudioOptions = { file: null, signal: c.signal, offset: 'spread', checkSessions: c.check ?? 'all', saveAudioDir: null };
  const prepared = prepareAudio({ audio, sessions, sampleRate, chunkMs: 100, levelDbfs: c.levelDbfs ?? -6, toneHz: 440 });
  const plan: RunPlan = {
    target, sessions, durationMs: c.durationMs ?? 2500, rampUpMs: 0, warmupMs: 0, chunkMs: 100, chunkTimeoutMs: 2000,
    connectTimeoutMs: 2000, interruptGraceMs: 300, headers: {}, reconnect: false, deflate: false,
    createPayload: () => ({ pipeline_config: c.pipeline ?? DEFAULT_PIPELINE, session_config: { sample_rate: sampleRate, chunk_size: sampleRate / 10, channels: 1 } }),
    frames: new ChunkFrames(prepared.source.chunks), chunkOffsets: prepared.offsets, audioTap: prepared.check ?? undefined,
    updateEveryMs: null, updateFrames: [], pingEveryMs: null,
  };
  const outcome = await runSustained(plan);
  assert.equal(outcome.summary.counts.chunks_acked, outcome.summary.counts.chunks_due, 'every chunk answered');
  return { audio: prepared.check!.summary(), counts: outcome.summary.counts };
}

/** Runs against a fake server whose audio transform counts what it injects. */
async function withFault(transform: (injected: { n: number }) => () => (pcm: Int16Array) => Int16Array, c: Case) {
  const injected = { n: 0 };
  const b: FakeBehaviour = { audio: transform(injected) };
  const server = await startFakeServer(b);
  try {
    return { ...(await checkAgainst(server.url, c)), injected: injected.n };
  } finally {
    await server.close();
  }
}

for (const delay of [1, 137, 1600, 4321]) {
  test(`a server delaying the audio by ${delay} samples: every window measures exactly ${delay}`, async () => {
    const { audio, injected } = await withFault(() => () => {
      let history = new Int16Array(delay); // the delay line carries across chunks
      return (pcm) => {
        const all = new Int16Array(history.length + pcm.length);
        all.set(history);
        all.set(pcm, history.length);
        history = all.slice(pcm.length);
        return all.slice(0, pcm.length);
      };
    }, { signal: 'noise', durationMs: 2000 });
    assert.equal(injected, 0);
    assert.ok(audio.windows.measured >= 3, JSON.stringify(audio.windows));
    assert.deepEqual(audio.delay_samples, { min: delay, p50: delay, max: delay });
    assert.equal(audio.audio_delay_ms.p50, Math.round((1e6 * delay) / 16000) / 1000);
    assert.ok(audio.audio_correlation!.min > 0.999);
    assert.deepEqual([audio.audio_dropouts, audio.audio_clipped_chunks, audio.audio_length_mismatches], [0, 0, 0]);
  });
}

test('a server amplifying every 3rd chunk into clipping: clipped chunks equal the amplified ones', async () => {
  const { audio, injected } = await withFault((inj) => () => {
    let seq = 0;
    return (pcm) => (seq++ % 3 === 2 ? (inj.n++, pcm.map((v) => Math.max(-32768, Math.min(32767, v * 8)))) : pcm);
  }, { signal: 'chirp', sessions: 3, durationMs: 1500 });
  assert.ok(injected >= 12, `injected ${injected}`);
  assert.equal(audio.audio_clipped_chunks, injected);
  assert.deepEqual([audio.audio_dropouts, audio.audio_length_mismatches], [0, 0]);
});

test('a server zeroing every 4th chunk: dropouts equal the zeroed chunks', async () => {
  const { audio, injected } = await withFault((inj) => () => {
    let seq = 0;
    return (pcm) => (seq++ % 4 === 0 ? (inj.n++, new Int16Array(pcm.length)) : pcm);
  }, { signal: 'noise', sessions: 3, durationMs: 1500 });
  assert.ok(injected >= 9, `injected ${injected}`);
  assert.equal(audio.audio_dropouts, injected);
  assert.deepEqual([audio.audio_clipped_chunks, audio.audio_length_mismatches], [0, 0]);
  assert.equal(audio.audio_rms_dbfs.histogram[0][0], -96);
  assert.equal(audio.audio_rms_dbfs.histogram[0][1], injected);
});

test('a server truncating every 5th chunk: length mismatches equal the truncated chunks', async () => {
  const { audio, injected } = await withFault((inj) => () => {
    let seq = 0;
    return (pcm) => (seq++ % 5 === 1 ? (inj.n++, pcm.slice(0, 1000)) : pcm);
  }, { signal: 'speech', sessions: 3, durationMs: 1500 });
  assert.ok(injected >= 6, `injected ${injected}`);
  assert.equal(audio.audio_length_mismatches, injected);
  assert.equal(audio.audio_clipped_chunks, 0);
});

test('a steady tone gives no delay figure: its windows are ambiguous, not wrong', async () => {
  const server = await startFakeServer({});
  try {
    const { audio } = await checkAgainst(server.url, { signal: 'sine', check: 1, durationMs: 2000 });
    assert.equal(audio.audio_delay_ms.count, 0);
    assert.ok(audio.windows.ambiguous >= 1, JSON.stringify(audio.windows));
    assert.equal(audio.sessions_checked, 1);
  } finally {
    await server.close();
  }
});

const LIMITED: PipelineConfig = { stages: { noise_reduction: {}, voice_enhancement: {}, limiter: {} } };
const chains: [string, PipelineConfig, number, number][] = [
  ['default chain (vad → noise_reduction → voice_enhancement)', DEFAULT_PIPELINE as unknown as PipelineConfig, 16000, 512],
  ['default chain (vad → noise_reduction → voice_enhancement)', DEFAULT_PIPELINE as unknown as PipelineConfig, 48000, 2048],
  ['noise_reduction → voice_enhancement → limiter', LIMITED, 16000, 512 + 80],
];
for (const [name, pipeline, sampleRate, documented] of chains) {
  test(`the reference server's ${name} at ${sampleRate} Hz delays speech by its documented ${documented} samples, measured within one sample`, async () => {
    assert.equal(new PipelineChain(pipeline, sampleRate).latencySamples, documented, 'the documented delay is what the chain reports');
    const server = await startServer({});
    try {
      const { audio } = await checkAgainst(server.url, { signal: 'speech', sampleRate, durationMs: 3000, pipeline });
      assert.ok(audio.windows.measured >= 3, JSON.stringify(audio.windows));
      const d = audio.delay_samples!;
      assert.ok(Math.abs(d.min - documented) <= 1 && Math.abs(d.max - documented) <= 1, JSON.stringify(d));
      assert.ok(audio.audio_correlation!.min > 0.8, JSON.stringify(audio.audio_correlation));
    } finally {
      await server.close();
    }
  });
}
