/** `pipebench sustained`: parse → resolve → run → evaluate → render. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { EXIT, UsageError, type Io } from './io.js';
import { collect, typedOptions, useColor } from './options.js';
import { addOutputOptions, outputFileProblem, validateOutputFlags, writeOutputs } from './outputs.js';
import { withTarget } from './target.js';
import { loadProfile, type Profile } from '../profile.js';
import { resolveSustained } from '../scenario.js';
import { runSustainedScenario } from '../commands/sustained.js';
import { renderJson, type Result } from '../report/result.js';
import { renderTable } from '../report/table.js';
import { startProgress } from '../report/progress.js';

export function registerSustained(program: Command, io: Io, setCode: (code: number) => void): void {
  const cmd = program
    .command('sustained')
    .description('stream sine-wave chunks on N concurrent sessions and judge latency against thresholds')
    .option('-t, --target <url>', 'http(s) URL of the server (default: start the embedded reference server)')
    .option('-s, --sessions <n>', 'concurrent sessions (default 10)')
    .option('-d, --duration <time>', 'measured streaming time, e.g. 500ms, 90s, 2m (default 60s)')
    .option('--ramp-up <time>', 'time over which sessions start (default 0s)')
    .option('--warmup <time>', 'streaming time after ramp-up excluded from statistics (default 0s)')
    .option('--chunk-ms <ms>', 'chunk length and send period in ms (default 100)')
    .option('--sample-rate <hz>', 'PCM sample rate (default 16000)')
    .option('--tone-hz <hz>', 'sine frequency (default 440)')
    .option('--level-dbfs <db>', 'sine peak level, 0 = full scale (default 0)')
    .option('--chunk-timeout <time>', 'a chunk with no reply after this is lost (default 2s)')
    .option('--connect-timeout <time>', 'WebSocket handshake timeout (default 5s)')
    .option('--pipeline <file>', 'pipeline_config JSON (default: vad → noise_reduction → voice_enhancement)')
    .option('-H, --header <header>', "'Name: value' sent on HTTP and WebSocket (repeatable; values never printed)", collect)
    .option('-p, --profile <name|path>', 'threshold profile: a name in profiles/ or a JSON file (default: default)')
    .option('--threshold <expr>', "'metric: expression', e.g. 'chunk_rtt_ms: p(95) < 300' (repeatable)", collect)
    .option('--update-every <time>', 'send update_stage on every session this often (live parameter updates)')
    .option('--update-stage <stage>', 'stage the updates change (default noise_reduction)')
    .option('--update-params <json>', 'parameters object, or an array of them to cycle (default [{"strength":0.2},{"strength":0.8}])')
    .option('--ping-every <time>', 'send ping on every session this often (records ping_rtt_ms)')
    .option('--max-lag <time>', 'generator health bound on send lag and event-loop delay p99 (default: chunk-ms / 4); above it the run is invalid (exit 4)')
    .option('--abort-on-fail', 'stop early (sessions deleted) once a threshold can no longer pass')
    .option('--no-reconnect', 'do not reconnect a dropped socket')
    .option('--deflate', 'offer permessage-deflate (off by default)')
    .option('--json <file>', "write the result JSON to a file ('-' = stdout)")
    .option('-q, --quiet', 'no progress and no table (the exit code and --json still report)')
    .addOption(new Option('--no-color', 'no colour in the table'));
  addOutputOptions(cmd).action(async (_opts, c: Command) => {
    setCode(await sustained(c, io));
  });
}

interface OutputOptions {
  json: string | null;
  quiet: boolean;
  color: boolean;
}

async function sustained(cmd: Command, io: Io): Promise<number> {
  const flags = typedOptions(cmd);
  const problems: string[] = [];
  let profile: Profile | null = null;
  const loaded = loadProfile(String(flags.profile ?? 'default'), io.cwd);
  problems.push(...loaded.problems.map((p) => `--profile: ${p}`));
  profile = loaded.profile ?? null;
  const { scenario, problems: more } = resolveSustained(flags, profile, io.cwd);
  problems.push(...more, ...validateOutputFlags(flags, io.cwd));
  if (flags.json !== undefined && flags.json !== '-') problems.push(...[outputFileProblem('json', flags.json, io.cwd)].filter((p): p is string => !!p));
  if (problems.length || !scenario) throw new UsageError(problems);
  const out: OutputOptions = {
    json: typeof flags.json === 'string' ? flags.json : null,
    quiet: flags.quiet === true,
    color: useColor(io, cmd.opts().color as boolean),
  };
  return withTarget(io, scenario.target, out.quiet, async (target, signal) => {
    const progress = startProgress(io.stderr, !out.quiet);
    const result = await runSustainedScenario(scenario, target, { signal, onProgress: (p) => progress.update(p) })
      .finally(() => progress.stop());
    emit(result, io, out);
    const failed = writeOutputs(result, flags, io);
    for (const p of failed) io.stderr.write(`pipebench: ${p}\n`);
    return failed.length && result.exit_code === 0 ? EXIT.usage : result.exit_code;
  });
}

function emit(r: Result, io: Io, out: OutputOptions): void {
  const json = renderJson(r);
  if (out.json === '-') io.stdout.write(json);
  else if (out.json) writeFileSync(resolve(io.cwd, out.json), json);
  if (out.quiet) return;
  // With --json -, stdout carries the JSON; the table goes to stderr.
  (out.json === '-' ? io.stderr : io.stdout).write(renderTable(r, { color: out.color }));
}

