/** What the main thread and its generator workers say to each other (structured-clone data). */
import type { Scenario } from '../scenario.js';
import type { SessionSlice } from '../load/schedule.js';
import type { Progress, RunOutcome } from '../measure/run.js';
import type { RunSoFar, Summary } from '../measure/types.js';

export interface WorkerInput {
  readonly scenario: Scenario;
  readonly target: { url: string; embedded: boolean };
  readonly runId: number;
  readonly worker: number;
  readonly slice: SessionSlice;
  /** The main thread judges --abort-on-fail on the merged live summaries. */
  readonly abortOnFail: boolean;
}

/** worker → main */
export type FromWorker =
  | { type: 'ready'; setupMs: number }
  | { type: 'progress'; progress: Progress }
  | { type: 'live'; summary: Summary; run: RunSoFar }
  | { type: 'done'; outcome: RunOutcome };

/** main → worker */
export type ToWorker =
  | { type: 'start'; atMs: number }
  /** Stop streaming: Ctrl-C (interrupted) or --abort-on-fail / a crashed sibling (reason). */
  | { type: 'stop'; interrupted: boolean; reason: string | null };
