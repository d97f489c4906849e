/** `pipebench batch`: parse → resolve → load the HTTP endpoint → evaluate → render. */
import type { Command } from 'commander';
import { InputError, type Io } from './io.js';
import { addToneOptions, collect, typedOptions } from './options.js';
import { addOutputOptions, validateOutputFlags } from './outputs.js';
import { withTarget } from './target.js';
import { addResultOptions, emitReport, profileFlag, reportOptions } from './emit.js';
import { ENDPOINT_CHOICES } from '../batch/body.js';
import { resolveBatch } from '../batch/options.js';
import { renderBatch } from '../batch/render.js';
import { batch } from '../commands/batch.js';
import type { Result } from '../report/result.js';

export function registerBatch(program: Command, io: Io, setCode: (code: number) => void): void {
  const cmd = program
    .command('batch')
    .description('load an HTTP endpoint (whole pipeline, one stage, FFT or loudness) with generated audio and judge its latency')
    .option('-t, --target <url>', 'http(s) URL of the server (default: start the embedded reference server)')
    .option('-e, --endpoint <name>', `what to load: ${ENDPOINT_CHOICES} (default process)`)
    .option('--rate <n/s>', 'open model: start requests on a fixed schedule, e.g. 20/s or 600/m; latency runs from each scheduled start')
    .option('-c, --concurrency <n>', 'closed model: keep n requests in flight (default 4 when --rate is not given)')
    .option('--connections <n>', 'open model: parallel connections; requests beyond them queue, and the wait counts (default 64)')
    .option('-d, --duration <time>', 'stop starting requests after this long, e.g. 30s (default 10s unless --requests)')
    .option('-n, --requests <n>', 'stop after this many requests (with --duration: whichever comes first)')
    .option('--audio-seconds <s>', 'length of the generated sine per request (default 1)')
    .option('--format <wav|pcm>', 'process endpoint: a WAV upload or base64 PCM (default wav for process, pcm otherwise)')
    .option('--timeout <time>', 'a request with no complete reply after this fails (default 30s)')
    .option('--pipeline <file>', 'pipeline_config JSON for the process endpoint (default: vad → noise_reduction → voice_enhancement)')
    .option('-H, --header <header>', "'Name: value' sent with every request (repeatable; values never printed)", collect)
    .option('-p, --profile <name|path>', 'threshold profile: a name in profiles/ or a JSON file (default: batch)')
    .option('--threshold <expr>', "'metric: expression', e.g. 'http_req_ms: p(95) < 500' (repeatable)", collect);
  addOutputOptions(addResultOptions(addToneOptions(cmd))).action(async (_opts, c: Command) => {
    setCode(await run(c, io));
  });
}

async function run(cmd: Command, io: Io): Promise<number> {
  const flags = typedOptions(cmd);
  const { profile, problems } = profileFlag(flags, 'batch', io);
  const resolved = resolveBatch(flags, profile, io.cwd);
  problems.push(...resolved.problems, ...validateOutputFlags(flags, io.cwd));
  const scenario = resolved.scenario;
  if (problems.length || !scenario) throw new InputError(problems);
  const out = reportOptions(cmd, flags, io);
  return withTarget(io, scenario.target, out.quiet, async (target, signal) => {
    const result = await batch({ scenario, target, warnings: resolved.warnings }, { signal });
    // The report files read the common envelope (verdict, thresholds, timeline, errors).
    emitReport(result as unknown as Result, renderBatch(result, { color: out.color }), io, out);
    return result.exit_code;
  });
}
