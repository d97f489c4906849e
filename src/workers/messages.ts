/** What the main thread and its generator workers say to each other (structured-clone data). */
import type { Scenario } from '../scenario.js';
import type { SessionSlice } from '../load/schedule.js';
import type { Progress, RunOutcome } from '../measure/run.js';
import type { RunSoFar, Summary } from '../measure/types.js';
import type { EventBatch } from './forward.js';

export interface WorkerInput {
  readonly scenario: Scenario;
  readonly target: { url: string; embedded: boolean };
  readonly runId: number;
  readonly worker: number;
  readonly slice: SessionSlice;
  /** The main thread judges --abort-on-fail on the merged live summaries. */
  readonly abortOnFail: boolean;
  /** Record the load events and post them (--out, --verbose: the main thread owns those sinks). */
  readonly forwardEvents: boolean;
  /** What a test's own entry point (PoolHooks.entry) is told; absent in real runs. */
  readonly entryData?: unknown;
}

/** worker → main */
export type FromWorker =
  /** Once a second, whatever the run is doing: a worker silent for long has stopped answering. */
  | { type: 'alive' }
  /** A session exists on the server (sent as soon as it is created) / no longer does. */
  | { type: 'created'; id: string }
  | { type: 'deleted'; id: string }
  | { type: 'ready'; setupMs: number }
  | { type: 'events'; batch: EventBatch }
  | { type: 'progress'; progress: Progress }
  | { type: 'live'; summary: Summary; run: RunSoFar }
  | { type: 'done'; outcome: RunOutcome };

/** main → worker */
export type ToWorker =
  | { type: 'start'; atMs: number }
  /** Stop streaming: Ctrl-C (interrupted) or --abort-on-fail / a crashed sibling (reason). */
  | { type: 'stop'; interrupted: boolean; reason: string | null };

/** How often a worker says it is alive. */
export const HEARTBEAT_MS = 1000;
