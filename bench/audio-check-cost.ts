/**
 * What the audio check costs, per checked chunk (= per 100 ms of one checked session).
 *   A. The checker alone, on real processed_audio frames (speech delayed by 512 samples): decode,
 *      per-chunk stats, and the ~1 s correlation windows, at 16 and 48 kHz.
 *   B. End to end: the same sustained run against an in-process echo server with
 *      --audio-check-sessions 0 and all; the CPU difference over the checked chunks.
 * Run (timing: hold the machine's CPU lock):
 *   npx tsc -p . && flock -x /tmp/pb-cpu.lock node dist/bench/audio-check-cost.js
 */
import { prepareAudio } from '../src/audio/prepare.js';
import type { AudioOptions } from '../src/audio/options.js';
import { pcmToBase64 } from '../src/dsp/index.js';
import { runSustained } from '../src/measure/run.js';
import { ChunkFrames } from '../src/load/protocol.js';
import { startFakeServer } from '../test/helpers/fake-server.js';

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function options(check: number | 'all'): AudioOptions {
  return { file: null, signal: 'speech', offset: 'spread', checkSessions: check, saveAudioDir: null };
}

/** A: µs of CPU per checked chunk for the checker alone. */
function checkerAlone(sampleRate: number, sessions: number, seconds: number): number {
  const p = prepareAudio({ audio: options('all'), sessions, sampleRate, chunkMs: 100, levelDbfs: -6, toneHz: 440 });
  const n = p.source.chunkSamples;
  const chunks = seconds * 10;
  // Frames as a server sends them: the session's own audio delayed by 512 samples.
  const frames = Array.from({ length: sessions }, (_, s) => Array.from({ length: Math.min(chunks, 100) }, (_, q) => {
    const pcm = Int16Array.from({ length: n }, (_, i) => {
      const pos = (p.offsets[s] * n + q * n + i - 512 + p.source.pcm.length) % p.source.pcm.length;
      return p.source.pcm[pos];
    });
    return Buffer.from(`{"type": "processed_audio", "audio": "${pcmToBase64(pcm)}"}`);
  }));
  const check = p.check!;
  const t = cpuMs();
  for (let q = 0; q < chunks; q++) for (let s = 0; s < sessions; s++) check.returned(s, q, true, frames[s][q % frames[s].length]);
  const summary = check.summary();
  const ms = cpuMs() - t;
  if (summary.windows.measured === 0) throw new Error('no window measured: the bench is not exercising the correlation');
  return (1000 * ms) / (chunks * sessions);
}

/** B: CPU of a whole run (generator + in-process echo server) with `check` sessions checked. */
async function endToEnd(check: number | 'all', sessions: number, durationMs: number): Promise<{ cpuMs: number; acked: number; checked: number }> {
  const server = await startFakeServer({});
  try {
    const p = prepareAudio({ audio: options(check), sessions, sampleRate: 16000, chunkMs: 100, levelDbfs: -6, toneHz: 440 });
    const t = cpuMs();
    const o = await runSustained({
      target: server.url, sessions, durationMs, rampUpMs: 0, warmupMs: 0, chunkMs: 100, chunkTimeoutMs: 2000, connectTimeoutMs: 5000,
      interruptGraceMs: 300, headers: {}, reconnect: false, deflate: false, createPayload: () => ({ pipeline_config: { stages: {} } }),
      frames: new ChunkFrames(p.source.chunks), chunkOffsets: p.offsets, audioTap: p.check ?? undefined,
      updateEveryMs: null, updateFrames: [], pingEveryMs: null,
    });
    const checked = p.check ? p.check.summary().audio_chunks_checked : 0;
    return { cpuMs: cpuMs() - t, acked: o.summary.counts.chunks_acked, checked };
  } finally {
    await server.close();
  }
}

async function main(): Promise<void> {
  console.log('A. checker alone (speech, 100 ms chunks, 1 s windows, lags 0-500 ms)');
  for (const rate of [16000, 48000]) {
    checkerAlone(rate, 2, 5); // warm-up
    const us = [1, 2, 3].map(() => checkerAlone(rate, 4, 30)).sort((a, b) => a - b)[1];
    console.log(`  ${rate} Hz: ${us.toFixed(1)} µs CPU per checked chunk (median of 3 runs of 4 sessions × 30 s) = ${(us / 1000).toFixed(3)} % of one core per checked session (one chunk per 100 ms)`);
  }
  console.log('B. end to end, 20 sessions × 20 s against an in-process echo server (generator + server CPU)');
  await endToEnd(0, 5, 2000); // warm-up
  const rows: Array<{ check: number | 'all'; r: { cpuMs: number; acked: number; checked: number } }> = [];
  for (const check of [0, 'all', 0, 'all'] as const) rows.push({ check, r: await endToEnd(check, 20, 20000) });
  for (const { check, r } of rows) {
    console.log(`  --audio-check-sessions ${String(check).padEnd(3)}: ${r.cpuMs.toFixed(0)} ms CPU, ${r.acked} chunks acked, ${r.checked} checked, ${(1000 * r.cpuMs / r.acked).toFixed(1)} µs per chunk`);
  }
  const off = rows.filter((x) => x.check === 0).map((x) => x.r.cpuMs);
  const on = rows.filter((x) => x.check === 'all').map((x) => x.r);
  const extra = (on[0].cpuMs + on[1].cpuMs - off[0] - off[1]) / (on[0].checked + on[1].checked);
  console.log(`  marginal: ${(1000 * extra).toFixed(1)} µs CPU per checked chunk = ${extra.toFixed(3)} % of one core per checked session`);
}

void main();
