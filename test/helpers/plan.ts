/** A small sustained-run plan for tests: 3 sessions, 1.5 s, 100 ms chunks; override any field. */
import { precomputeChunks } from '../../src/load/audio.js';
import { ChunkFrames } from '../../src/load/protocol.js';
import type { RunPlan } from '../../src/load/run.js';

export function testPlan(target: string, over: Partial<RunPlan> = {}): RunPlan {
  return {
    target, sessions: 3, durationMs: 1500, rampUpMs: 0, warmupMs: 0, chunkMs: 100, chunkTimeoutMs: 500,
    connectTimeoutMs: 2000, interruptGraceMs: 300, headers: {}, reconnect: true, deflate: false,
    createPayload: () => ({ pipeline_config: { stages: {} } }),
    frames: new ChunkFrames(precomputeChunks({ sampleRate: 16000, chunkMs: 100, toneHz: 440, levelDbfs: 0 })),
    updateEveryMs: null, updateFrames: [], pingEveryMs: null,
    ...over,
  };
}
