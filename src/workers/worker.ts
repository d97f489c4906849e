/**
 * A generator worker thread: runs its slice of the plan's sessions on the global schedule
 * (start instant agreed with the main thread), reports progress and, for --abort-on-fail, its live
 * measurements; posts its outcome (mergeable: encoded histograms) when done.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runLoad } from '../commands/sustained/run.js';
import { EventRecorder, FLUSH_MS } from './forward.js';
import { HEARTBEAT_MS, type FromWorker, type ToWorker, type WorkerInput } from './messages.js';

const input = workerData as WorkerInput;
const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);
const interrupt = new AbortController();
let stopReason: string | null = null;
let startAt: (at: number) => void = () => {};
const started = new Promise<number>((resolve) => (startAt = resolve));
// A heartbeat, so the main thread can tell a busy worker from one that stopped answering.
post({ type: 'alive' });
const heartbeat = setInterval(() => post({ type: 'alive' }), HEARTBEAT_MS);

// --out / --verbose: the events go to the main thread in batches.
const events = input.forwardEvents ? new EventRecorder() : null;
const flush = () => {
  const batch = events?.take();
  if (batch) port.postMessage({ type: 'events', batch } satisfies FromWorker, [batch.nums.buffer as ArrayBuffer]);
};
const flusher = events ? setInterval(flush, FLUSH_MS) : null;

port.on('message', (m: ToWorker) => {
  if (m.type === 'start') startAt(m.atMs);
  else if (m.interrupted) interrupt.abort();
  else stopReason ??= m.reason ?? 'stopped by the main thread';
});

const outcome = await runLoad(input.scenario, input.target, {
  runId: input.runId,
  slice: input.slice,
  signal: interrupt.signal,
  ready: (setupMs) => {
    post({ type: 'ready', setupMs });
    return started;
  },
  onProgress: (progress) => post({ type: 'progress', progress }),
  liveHistograms: input.abortOnFail,
  stopRequested: () => stopReason,
  sinks: events ? [events] : undefined,
  // The main thread deletes these itself if this thread dies before it does.
  ledger: {
    created: (id) => post({ type: 'created', id }),
    deleted: (id) => post({ type: 'deleted', id }),
  },
  // The merged judgement is the main thread's; a worker only builds live summaries when asked.
  stopWhen: input.abortOnFail
    ? (live, run) => {
      post({ type: 'live', summary: live, run });
      return null;
    }
    : undefined,
});
clearInterval(heartbeat);
if (flusher) clearInterval(flusher);
flush();
post({ type: 'done', outcome });
port.close();
