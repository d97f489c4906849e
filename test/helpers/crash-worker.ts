/**
 * A generator worker that really dies (tests only, through runInWorkers' `entry`): the real
 * worker runs, and once its sessions stream (its first progress with an acked chunk), the worker
 * numbered `victim` (0-based) throws an uncaught error, exits with a code, or hangs in a busy loop.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { WorkerInput } from '../../src/workers/messages.js';

export interface CrashPlan {
  mode: 'throw' | 'exit' | 'hang';
  victim: number;
}

// The test runner also loads every file under test/ on its own: outside a worker this does nothing.
const input = workerData as WorkerInput | null;
const plan = input?.entryData as CrashPlan | undefined;
if (!isMainThread && input && plan && input.worker === plan.victim) {
  const port = parentPort!;
  const post = port.postMessage.bind(port);
  let armed = false;
  port.postMessage = (m: { type: string; progress?: { live: { acked: number } } }) => {
    post(m);
    if (armed || m.type !== 'progress' || !m.progress || m.progress.live.acked === 0) return;
    armed = true;
    setImmediate(() => {
      if (plan.mode === 'throw') throw new Error('injected crash');
      if (plan.mode === 'exit') process.exit(7);
      for (;;);
    });
  };
}
if (!isMainThread) await import('../../src/workers/worker.js');
