/** `pipebench sustained`: parse → resolve → run → evaluate → render. */
import type { Command } from 'commander';
import { EXIT, UsageError, type Io } from './io.js';
import { addStreamingOptions, typedOptions } from './options.js';
import { addOutputOptions } from './outputs.js';
import { addResultOptions, emitReport, reportOptions, validateResultFlags } from './emit.js';
import { withTarget } from './target.js';
import { loadProfile, type Profile } from '../profile.js';
import { resolveSustained } from '../scenario.js';
import { runSustainedScenario } from '../commands/sustained.js';
import { renderTable } from '../report/table.js';
import { startProgress } from '../report/progress.js';

export function registerSustained(program: Command, io: Io, setCode: (code: number) => void): void {
  const cmd = program
    .command('sustained')
    .description('stream sine-wave chunks on N concurrent sessions and judge latency against thresholds')
    .option('-s, --sessions <n>', 'concurrent sessions (default 10)')
    .option('-d, --duration <time>', 'measured streaming time, e.g. 500ms, 90s, 2m (default 60s)')
    .option('--warmup <time>', 'streaming time after ramp-up excluded from statistics (default 0s)')
    .option('--update-every <time>', 'send update_stage on every session this often (live parameter updates)')
    .option('--update-stage <stage>', 'stage the updates change (default noise_reduction)')
    .option('--update-params <json>', 'parameters object, or an array of them to cycle (default [{"strength":0.2},{"strength":0.8}])')
    .option('--ping-every <time>', 'send ping on every session this often (records ping_rtt_ms)')
    .option('--abort-on-fail', 'stop early (sessions deleted) once a threshold can no longer pass');
  addOutputOptions(addResultOptions(addStreamingOptions(cmd))).action(async (_opts, c: Command) => {
    setCode(await sustained(c, io));
  });
}

async function sustained(cmd: Command, io: Io): Promise<number> {
  const flags = typedOptions(cmd);
  const problems: string[] = [];
  let profile: Profile | null = null;
  const loaded = loadProfile(String(flags.profile ?? 'default'), io.cwd);
  problems.push(...loaded.problems.map((p) => `--profile: ${p}`));
  profile = loaded.profile ?? null;
  const { scenario, problems: more } = resolveSustained(flags, profile, io.cwd);
  problems.push(...more, ...validateResultFlags(flags, io.cwd));
  if (problems.length || !scenario) throw new UsageError(problems);
  const out = reportOptions(cmd, flags, io);
  return withTarget(io, scenario.target, out.quiet, async (target, signal) => {
    const progress = startProgress(io.stderr, !out.quiet);
    const result = await runSustainedScenario(scenario, target, { signal, onProgress: (p) => progress.update(p) })
      .finally(() => progress.stop());
    const failed = emitReport(result, renderTable(result, { color: out.color }), io, out);
    return failed.length && result.exit_code === EXIT.pass ? EXIT.usage : result.exit_code;
  });
}
