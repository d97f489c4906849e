/** `pipebench capacity`: parse → resolve → search (a sustained run per level) → render. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { UsageError, type Io } from './io.js';
import { collect, typedOptions, useColor } from './options.js';
import { addOutputOptions, validateOutputFlags, writeOutputs } from './outputs.js';
import { withTarget } from './target.js';
import { loadProfile, type Profile } from '../profile.js';
import { resolveCapacity } from '../capacity/options.js';
import { renderCapacity } from '../capacity/render.js';
import { capacity } from '../commands/capacity.js';
import { renderJson, type Result } from '../report/result.js';

export function registerCapacity(program: Command, io: Io, setCode: (code: number) => void): void {
  const cmd = program
    .command('capacity')
    .description('step sessions up until a threshold breaks, then bisect: how many sessions the target holds within the profile')
    .option('-t, --target <url>', 'http(s) URL of the server (default: start the embedded reference server)')
    .option('--start <n>', 'sessions at the first level (default 10)')
    .option('--step <n>', 'sessions added per level while stepping up (default 10)')
    .option('--max <n>', 'highest level tried (default 200)')
    .option('--step-duration <time>', 'measured streaming time per level, e.g. 20s (default 20s)')
    .option('--settle <time>', "streaming time before each level's measurements start (default: the profile's warmup, else 5s)")
    .option('--no-bisect', 'stop at the first failing level instead of bisecting below it')
    .option('--resolution <n>', 'bisect until the passing and failing levels are this many sessions apart (default 1)')
    .option('--ramp-up <time>', "time over which each level's sessions start (default 0s)")
    .option('--chunk-ms <ms>', 'chunk length and send period in ms (default 100)')
    .option('--sample-rate <hz>', 'PCM sample rate (default 16000)')
    .option('--tone-hz <hz>', 'sine frequency (default 440)')
    .option('--level-dbfs <db>', 'sine peak level, 0 = full scale (default 0)')
    .option('--chunk-timeout <time>', 'a chunk with no reply after this is lost (default 2s)')
    .option('--connect-timeout <time>', 'WebSocket handshake timeout (default 5s)')
    .option('--pipeline <file>', 'pipeline_config JSON (default: vad → noise_reduction → voice_enhancement)')
    .option('-H, --header <header>', "'Name: value' sent on HTTP and WebSocket (repeatable; values never printed)", collect)
    .option('-p, --profile <name|path>', 'thresholds every level must meet: a name in profiles/ or a JSON file (default: default)')
    .option('--threshold <expr>', "'metric: expression', e.g. 'chunk_rtt_ms: p(95) < 300' (repeatable)", collect)
    .option('--no-reconnect', 'do not reconnect a dropped socket')
    .option('--deflate', 'offer permessage-deflate (off by default)')
    .option('--json <file>', "write the result JSON (every level and the answer) to a file ('-' = stdout)")
    .option('-q, --quiet', 'no progress and no table (the exit code and --json still report)')
    .addOption(new Option('--no-color', 'no colour in the table'));
  addOutputOptions(cmd).action(async (_opts, c: Command) => {
    setCode(await run(c, io));
  });
}

/** Where the report goes; shared with `batch`. */
export interface ReportOptions {
  json: string | null;
  quiet: boolean;
  color: boolean;
  /** The typed flags, for the report files of ./outputs.js (--junit, --html, ...). */
  flags: Record<string, unknown>;
}

/** The profile named by --profile (or `fallback`), with its problems prefixed for the usage error. */
export function profileFlag(flags: Record<string, unknown>, fallback: string, io: Io): { profile: Profile | null; problems: string[] } {
  const loaded = loadProfile(String(flags.profile ?? fallback), io.cwd);
  return { profile: loaded.profile ?? null, problems: loaded.problems.map((p) => `--profile: ${p}`) };
}

/** --json, --quiet, colour and the report files from the parsed command. */
export function reportOptions(cmd: Command, flags: Record<string, unknown>, io: Io): ReportOptions {
  return {
    json: typeof flags.json === 'string' ? flags.json : null, quiet: flags.quiet === true,
    color: useColor(io, cmd.opts().color as boolean), flags,
  };
}

async function run(cmd: Command, io: Io): Promise<number> {
  const flags = typedOptions(cmd);
  const { profile, problems } = profileFlag(flags, 'default', io);
  const resolved = resolveCapacity(flags, profile, io.cwd);
  problems.push(...resolved.problems, ...validateOutputFlags(flags, io.cwd));
  const { scenario, search } = resolved;
  if (problems.length || !scenario || !search) throw new UsageError(problems);
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

/** --json to a file or stdout, the report files, and the table to stdout (stderr when stdout carries the JSON). */
export function emitReport(r: Result, table: string, io: Io, out: ReportOptions): void {
  const json = renderJson(r);
  if (out.json === '-') io.stdout.write(json);
  else if (out.json) writeFileSync(resolve(io.cwd, out.json), json);
  for (const p of writeOutputs(r, out.flags, io)) io.stderr.write(`pipebench: ${p}\n`);
  if (out.quiet) return;
  (out.json === '-' ? io.stderr : io.stdout).write(table);
}
