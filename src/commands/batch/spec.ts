/** `pipebench batch`: load one HTTP endpoint with generated audio, open or closed model, judged. */
import { ENDPOINT_CHOICES } from '../../batch/body.js';
import { resolveBatch, type BatchScenario } from '../../batch/options.js';
import { renderBatch } from '../../batch/render.js';
import type { BatchOutcome, BatchProgress } from '../../batch/run.js';
import type { BatchResult } from '../../batch/types.js';
import { formatDurationMs } from '../../units.js';
import { judgeFlags, MAX_LAG_FLAG, OUTPUT_FLAGS, PIPELINE_FLAG, TARGET_FLAGS, TLS_FLAGS, TONE_FLAGS } from '../../spine/flags.js';
import { LOAD_EXIT_CODES } from '../../spine/help.js';
import type { CommandSpec } from '../../spine/spec.js';
import { judgeBatch, runBatchLoad } from './run.js';
import { REPORT_FILES } from '../../spine/outputs.js';

interface Plan {
  scenario: BatchScenario;
  warnings: string[];
}

function progressText(p: BatchProgress): string {
  const left = p.totalMs === null ? '' : `, ${formatDurationMs(Math.max(0, p.totalMs - p.elapsedMs))} left`;
  return `${formatDurationMs(p.elapsedMs)} elapsed${left} · ${p.done} requests done · ${p.inFlight} in flight · ${p.failed} failed`;
}

export const batchSpec: CommandSpec<Plan, BatchOutcome, BatchResult> = {
  name: 'batch',
  summary: 'load an HTTP endpoint (whole pipeline, one stage, FFT or loudness) with generated audio and judge its latency',
  flags: [
    { name: 'endpoint', short: 'e', arg: '<name>', group: 'load', help: `what to load: ${ENDPOINT_CHOICES} (default process)` },
    { name: 'rate', arg: '<n/s>', group: 'load', help: 'open model: start requests on a fixed schedule, e.g. 20/s or 600/m; latency runs from each scheduled start' },
    { name: 'concurrency', short: 'c', arg: '<n>', group: 'load', help: 'closed model: keep n requests in flight (default 4 when --rate is not given)' },
    { name: 'connections', arg: '<n>', group: 'load', help: 'open model: parallel connections; requests beyond them queue, and the wait counts (default 64)' },
    { name: 'duration', short: 'd', arg: '<time>', group: 'load', help: 'stop starting requests after this long, e.g. 30s (default 10s unless --requests)' },
    { name: 'requests', short: 'n', arg: '<n>', group: 'load', help: 'stop after this many requests (with --duration: whichever comes first)' },
    { name: 'timeout', arg: '<time>', group: 'load', help: 'a request with no complete reply after this fails (default 30s)' },
    { name: 'pipeline', arg: '<file>', group: 'load', help: PIPELINE_FLAG.help.replace('pipeline_config JSON', 'pipeline_config JSON for the process endpoint') },
    { name: 'audio-seconds', arg: '<s>', group: 'audio', help: 'length of the generated sine per request (default 1)' },
    { name: 'format', arg: '<wav|pcm>', group: 'audio', help: 'process endpoint: a WAV upload or base64 PCM (default wav for process, pcm otherwise)' },
    ...TONE_FLAGS,
    ...TARGET_FLAGS,
    ...TLS_FLAGS,
    ...judgeFlags('batch', "'http_req_ms: p(95) < 500'"),
    MAX_LAG_FLAG,
    ...OUTPUT_FLAGS,
  ],
  examples: [
    'pipebench batch --endpoint process --concurrency 8 --duration 30s',
    'pipebench batch -t http://127.0.0.1:3000 --endpoint fft --rate 50/s -n 1000 --json batch.json',
  ],
  exitCodes: LOAD_EXIT_CODES,
  defaultProfile: 'batch',
  files: REPORT_FILES,
  resolve: (flags, ctx) => {
    const { scenario, problems, warnings } = resolveBatch(flags, ctx.profile, ctx.cwd);
    return { plan: scenario && { scenario, warnings }, problems };
  },
  target: (p) => p.scenario.target,
  run: (p, t, hooks) => runBatchLoad({ ...p, target: t! }, { signal: hooks.signal, onProgress: (x) => hooks.progress(progressText(x)) }),
  judge: (p, t, outcome) => judgeBatch({ ...p, target: t! }, outcome),
  render: (r, opts) => renderBatch(r, opts),
};
