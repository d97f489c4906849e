/** `pipebench sustained`: N sessions streaming on an absolute schedule, judged against thresholds. */
import { resolveSustained, type Scenario } from '../../scenario.js';
import type { RunOutcome } from '../../measure/run.js';
import { progressText } from '../../report/progress-text.js';
import { renderTable } from '../../report/table.js';
import { OUTPUT_FLAGS, STREAMING_FLAGS } from '../../spine/flags.js';
import type { CommandSpec, FlagSpec } from '../../spine/spec.js';
import { LOAD_EXIT_CODES } from '../../spine/help.js';
import { judge, runLoad } from './run.js';
import { SHARD_FLAGS, waitingLine } from '../../shard/flags.js';
import { WORKERS_FLAGS } from '../../workers/flags.js';
import { OUT_FLAG, resolveLive, resolveTags, startLive, VERBOSE_FLAG, type LiveOptions } from '../../output/options.js';
import { REPORT_FILES } from '../../spine/outputs.js';

const FLAGS: readonly FlagSpec[] = [
  { name: 'sessions', short: 's', arg: '<n>', group: 'load', help: 'concurrent sessions (default 10)' },
  { name: 'duration', short: 'd', arg: '<time>', group: 'load', help: 'measured streaming time, e.g. 500ms, 90s, 2m (default 60s)' },
  { name: 'warmup', arg: '<time>', group: 'load', help: 'streaming time after ramp-up excluded from statistics (default 0s)' },
  { name: 'update-every', arg: '<time>', group: 'load', help: 'send update_stage on every session this often (live parameter updates)' },
  { name: 'update-stage', arg: '<stage>', group: 'load', help: 'stage the updates change (default noise_reduction)' },
  { name: 'update-params', arg: '<json>', group: 'load', help: 'parameters object, or an array of them to cycle (default [{"strength":0.2},{"strength":0.8}])' },
  { name: 'ping-every', arg: '<time>', group: 'load', help: 'send ping on every session this often (records ping_rtt_ms)' },
  { name: 'abort-on-fail', group: 'judge', help: 'stop early (sessions deleted) once a threshold can no longer pass' },
  ...SHARD_FLAGS,
  ...WORKERS_FLAGS,
  ...STREAMING_FLAGS,
  ...OUTPUT_FLAGS,
  OUT_FLAG,
  VERBOSE_FLAG,
];

/** The scenario, and what --out and --verbose asked for. */
type SustainedPlan = Scenario & { readonly live: LiveOptions; readonly tags: Readonly<Record<string, string>> };

export const sustainedSpec: CommandSpec<SustainedPlan, RunOutcome & { runId: string }> = {
  name: 'sustained',
  summary: 'stream sine-wave chunks on N concurrent sessions and judge latency against thresholds',
  flags: FLAGS,
  examples: [
    'pipebench sustained --sessions 20 --duration 30s',
    "pipebench sustained -t http://127.0.0.1:3000 -p ci --threshold 'chunk_rtt_ms: p(95) < 300' --json result.json",
    'PIPEBENCH_TARGET=https://staging.example pipebench sustained --header-file auth.txt --junit junit.xml',
    'pipebench sustained -t http://10.0.0.5:3000 --sessions 3000 --shard 2/4 --start-at 2026-11-29T19:00:00Z --json shard-2.json',
  ],
  exitCodes: LOAD_EXIT_CODES,
  defaultProfile: 'default',
  files: REPORT_FILES,
  resolve: (flags, ctx) => {
    const { scenario, problems } = resolveSustained(flags, ctx.profile, ctx.cwd, ctx.env);
    const live = resolveLive(flags, ctx.cwd);
    // --tag problems are the runner's to report; here the labels only go on the live series.
    return { plan: scenario && Object.freeze({ ...scenario, live: live.live, tags: resolveTags(flags).tags }), problems: [...problems, ...live.problems] };
  },
  target: (s) => s.target,
  run: async (s, target, hooks) => {
    if (s.startAtMs !== null) hooks.progress(waitingLine(s));
    const runId = Date.now();
    const live = startLive(s.live, { runId: String(runId), command: 'sustained', target: target!.url, tags: s.tags, note: hooks.note });
    const outcome = await runLoad(s, target!, { signal: hooks.signal, onProgress: (p) => hooks.progress(progressText(p)), runId, sinks: live.sinks });
    return { ...outcome, warnings: [...outcome.warnings, ...(await live.finish())], runId: String(runId) };
  },
  judge: (s, target, outcome) => ({ ...judge(s, target!, outcome), run_id: outcome.runId }),
  render: (r, opts) => renderTable(r, opts),
};
