/**
 * The load side's plan of a run: built once from the resolved Scenario, frozen, and passed down by
 * reference (run → every session); nothing copies its fields.
 */
import type { ChunkFrames } from './protocol.js';
import type { ReturnedAudioTap } from './audio.js';
import type { SessionSlice } from './schedule.js';
import type { TlsClientOptions } from './tls.js';
import type { SessionLedger } from './api.js';

/**
 * How a session paces its chunks. `open`: every chunk at its slot on the absolute schedule,
 * whatever the replies do (scheduler.ts; round trips timed from the slot, so coordinated omission
 * is corrected). `closed`: the next chunk after the previous reply, never before its slot
 * (closed.ts; round trips timed from the send; the run ends when every chunk is settled).
 */
export type Pacing = 'open' | 'closed';

export interface RunPlan {
  readonly target: string;
  /** Sessions of the global plan. */
  readonly sessions: number;
  /** The global indices this run owns (a shard or worker); all `sessions` when absent. */
  readonly slice?: SessionSlice;
  /**
   * Wall-clock instant (epoch ms) the schedule starts at, shared by every shard of a plan; the
   * run waits (abortable) and creates its sessions in the START_LEAD_MS before it. Absent: now.
   */
  readonly startAtMs?: number | null;
  /** Absent: open. */
  readonly pacing?: Pacing;
  readonly durationMs: number;
  readonly rampUpMs: number;
  readonly warmupMs: number;
  readonly chunkMs: number;
  readonly chunkTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** Grace for in-flight replies after Ctrl-C. */
  readonly interruptGraceMs: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly reconnect: boolean;
  readonly deflate: boolean;
  /** Session-create body for a global session index. */
  readonly createPayload: (index: number) => unknown;
  /** audio_chunk frames (one per distinct chunk of the signal's phase cycle). */
  readonly frames: ChunkFrames;
  /** The loop chunk each session starts at, by session index (absent: all at 0). */
  readonly chunkOffsets?: readonly number[];
  /** Gets the processed_audio frames of the sessions it watches (the audio check). */
  readonly audioTap?: ReturnedAudioTap;
  /** Live update_stage every this many ms, cycling through these frames (null = none). */
  readonly updateEveryMs: number | null;
  readonly updateFrames: readonly string[];
  readonly pingEveryMs: number | null;
  /** Certificate checks for https:// and wss:// targets (verified by default). */
  readonly tls?: TlsClientOptions;
  /** Told every session id created and deleted (a worker thread tells its main thread). */
  readonly ledger?: SessionLedger;
}

/** Sessions this run owns. */
export function ownedSessions(plan: RunPlan): number {
  return plan.slice?.indices.length ?? plan.sessions;
}
