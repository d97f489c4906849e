/** `pipebench capacity`: step sessions up until a threshold breaks, then bisect. */
import { resolveCapacity, type CapacitySearch } from '../../capacity/options.js';
import { renderCapacity } from '../../capacity/render.js';
import type { CapacityResult } from '../../capacity/types.js';
import { EXIT_CODES as E } from '../../evaluate/exit-codes.js';
import type { Scenario } from '../../scenario.js';
import { OUTPUT_FLAGS, STREAMING_FLAGS } from '../../spine/flags.js';
import { WORKERS_FLAGS } from '../../workers/flags.js';
import type { CommandSpec } from '../../spine/spec.js';
import { judgeCapacity, searchCapacity, type Search } from './run.js';
import { REPORT_FILES } from '../../spine/outputs.js';

interface Plan {
  scenario: Scenario;
  search: CapacitySearch;
}

export const capacitySpec: CommandSpec<Plan, Search, CapacityResult> = {
  name: 'capacity',
  summary: 'step sessions up until a threshold breaks, then bisect: how many sessions the target holds within the profile',
  flags: [
    { name: 'start', arg: '<n>', group: 'load', help: 'sessions at the first level (default 10)' },
    { name: 'step', arg: '<n>', group: 'load', help: 'sessions added per level while stepping up (default 10)' },
    { name: 'max', arg: '<n>', group: 'load', help: 'highest level tried (default 200)' },
    { name: 'step-duration', arg: '<time>', group: 'load', help: 'measured streaming time per level, e.g. 20s (default 20s)' },
    { name: 'settle', arg: '<time>', group: 'load', help: "streaming time before each level's measurements start (default: the profile's warmup, else 5s)" },
    { name: 'no-bisect', group: 'load', help: 'stop at the first failing level instead of bisecting below it' },
    { name: 'resolution', arg: '<n>', group: 'load', help: 'bisect until the passing and failing levels are this many sessions apart (default 1)' },
    ...WORKERS_FLAGS,
    ...STREAMING_FLAGS,
    ...OUTPUT_FLAGS,
  ],
  examples: [
    'pipebench capacity --start 10 --step 10 --max 200 -p ci',
    'pipebench capacity -t http://127.0.0.1:3000 --step-duration 30s --no-bisect --json capacity.json',
  ],
  exitCodes: {
    [E.pass]: 'a capacity was found (the highest level that passed)',
    [E.thresholdsFailed]: 'even the first level (--start) failed',
    [E.usage]: 'bad input (flags, profile, report path): nothing started; or a report file could not be written',
    [E.targetUnusable]: 'target unreachable at the first level',
    [E.invalidRun]: 'pipebench itself could not drive a level (twice in a row)',
    [E.interrupted]: 'interrupted (Ctrl-C / SIGTERM); sessions deleted',
  },
  defaultProfile: 'default',
  files: REPORT_FILES,
  resolve: (flags, ctx) => {
    const { scenario, search, problems } = resolveCapacity(flags, ctx.profile, ctx.cwd);
    return { plan: scenario && search ? Object.freeze({ scenario, search }) : undefined, problems };
  },
  target: (p) => p.scenario.target,
  run: (p, t, hooks) => searchCapacity({ ...p, target: t! }, {
    signal: hooks.signal, onProgress: hooks.progress, onLevel: (label) => hooks.note(`level: ${label}`),
  }),
  judge: (p, t, found) => judgeCapacity({ ...p, target: t! }, found),
  render: (r, opts) => renderCapacity(r, opts),
};
