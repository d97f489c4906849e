/** `pipebench capacity`: parse → resolve → search (a sustained run per level) → render. */
import type { Command } from 'commander';
import { InputError, type Io } from './io.js';
import { addStreamingOptions, typedOptions } from './options.js';
import { addOutputOptions, validateOutputFlags } from './outputs.js';
import { addResultOptions, emitReport, profileFlag, reportOptions } from './emit.js';
import { withTarget } from './target.js';
import { resolveCapacity } from '../capacity/options.js';
import { renderCapacity } from '../capacity/render.js';
import { capacity } from '../commands/capacity.js';

export function registerCapacity(program: Command, io: Io, setCode: (code: number) => void): void {
  const cmd = program
    .command('capacity')
    .description('step sessions up until a threshold breaks, then bisect: how many sessions the target holds within the profile')
    .option('--start <n>', 'sessions at the first level (default 10)')
    .option('--step <n>', 'sessions added per level while stepping up (default 10)')
    .option('--max <n>', 'highest level tried (default 200)')
    .option('--step-duration <time>', 'measured streaming time per level, e.g. 20s (default 20s)')
    .option('--settle <time>', "streaming time before each level's measurements start (default: the profile's warmup, else 5s)")
    .option('--no-bisect', 'stop at the first failing level instead of bisecting below it')
    .option('--resolution <n>', 'bisect until the passing and failing levels are this many sessions apart (default 1)');
  addOutputOptions(addResultOptions(addStreamingOptions(cmd))).action(async (_opts, c: Command) => {
    setCode(await run(c, io));
  });
}

async function run(cmd: Command, io: Io): Promise<number> {
  const flags = typedOptions(cmd);
  const { profile, problems } = profileFlag(flags, 'default', io);
  const resolved = resolveCapacity(flags, profile, io.cwd);
  problems.push(...resolved.problems, ...validateOutputFlags(flags, io.cwd));
  const { scenario, search } = resolved;
  if (problems.length || !scenario || !search) throw new InputError(problems);
  const out = reportOptions(cmd, flags, io);
  return withTarget(io, scenario.target, out.quiet, async (target, signal) => {
    let level = '';
    const result = await capacity({ scenario, search, target }, {
      signal,
      onProgress: (text) => {
        // One line per level on stderr: the text starts with the level's label.
        const label = text.split(' · ')[0];
        if (label !== level && !out.quiet) io.stderr.write(`pipebench: level: ${label}\n`);
        level = label;
      },
    });
    emitReport(result, renderCapacity(result, { color: out.color }), io, out);
    return result.exit_code;
  });
}
