/** `pipebench latency`: parse → validate everything → one session, N chunks one at a time → judge → render. */
import type { Command } from 'commander';
import { InputError, type Io } from './io.js';
import { addToneOptions, collect, typedOptions } from './options.js';
import { addOutputOptions, validateOutputFlags, writeOutputs } from './outputs.js';
import { addResultOptions, emitReport, profileFlag, reportOptions } from './emit.js';
import { withTarget } from './target.js';
import { resolveSustained } from '../scenario.js';
import { renderTable } from '../report/table.js';
import type { Result } from '../report/result.js';
import { latency, LATENCY_DEFAULTS, type LatencyOptions } from '../commands/latency.js';

export function registerLatency(program: Command, io: Io, setCode: (code: number) => void): void {
  const cmd = program
    .command('latency')
    .description("the guide's latency test: one session, chunks sent one at a time, each waiting for its reply")
    .option('-t, --target <url>', 'http(s) URL of the server (default: start the embedded reference server)')
    .option('-n, --chunks <n>', `chunks to send (default ${LATENCY_DEFAULTS.chunks})`)
    .option('--chunk-ms <ms>', 'chunk length in ms; chunks are sent no closer than this (default 100)')
    .option('--chunk-timeout <time>', 'a chunk with no reply after this is an error, counted at this value (default 2s)')
    .option('--connect-timeout <time>', 'WebSocket handshake timeout (default 5s)')
    .option('--pipeline <file>', 'pipeline_config JSON (default: vad → noise_reduction → voice_enhancement)')
    .option('-H, --header <header>', "'Name: value' sent on HTTP and WebSocket (repeatable; values never printed)", collect)
    .option('-p, --profile <name|path>', 'threshold profile: a name in profiles/ or a JSON file (default: latency)')
    .option('--threshold <expr>', "'metric: expression', e.g. 'chunk_rtt_ms: p(99) < 200' (repeatable)", collect)
    .option('--deflate', 'offer permessage-deflate (off by default)');
  addOutputOptions(addResultOptions(addToneOptions(cmd))).action(async (_opts, c: Command) => {
    setCode(await run(c, io));
  });
}

function chunksFlag(v: unknown, problems: string[]): number {
  if (v === undefined) return LATENCY_DEFAULTS.chunks;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 100_000) problems.push(`--chunks: "${String(v)}" is not an integer from 1 to 100000`);
  return n;
}

/** Every flag checked at once: the shared ones exactly as sustained reads them, then --chunks. */
function resolveFlags(flags: Record<string, unknown>, io: Io): { options: Omit<LatencyOptions, 'target'>; target: string | null; problems: string[] } {
  const { profile, problems } = profileFlag(flags, 'latency', io);
  const { scenario: s, problems: more } = resolveSustained(flags, profile, io.cwd);
  problems.push(...more, ...validateOutputFlags(flags, io.cwd));
  const chunks = chunksFlag(flags.chunks, problems);
  if (!s) return { options: {}, target: null, problems };
  const options: Omit<LatencyOptions, 'target'> = {
    chunks, chunkMs: s.chunkMs, sampleRate: s.sampleRate, toneHz: s.toneHz, levelDbfs: s.levelDbfs,
    chunkTimeoutMs: s.chunkTimeoutMs, connectTimeoutMs: s.connectTimeoutMs, pipeline: s.pipeline,
    pipelineSource: s.pipelineSource, headers: { ...s.headers }, deflate: s.deflate, thresholds: s.thresholds, profile: s.profile,
  };
  return { options, target: s.target, problems };
}

/** The table, after one line saying how this run differs from a sustained one. */
function renderLatency(r: Result, color: boolean): string {
  const s = r.scenario as Record<string, unknown>;
  const how = `latency: ${String(s.chunks)} chunks, one at a time, each waiting for its reply; a timeout counts as ${String(s.chunk_timeout_ms)} ms\n`;
  return how + renderTable(r, { color });
}

async function run(cmd: Command, io: Io): Promise<number> {
  const flags = typedOptions(cmd);
  const { options, target, problems } = resolveFlags(flags, io);
  if (problems.length) throw new InputError(problems);
  const out = reportOptions(cmd, flags, io);
  return withTarget(io, target, out.quiet, async (t, signal) => {
    const onProgress = out.quiet || !io.stderr.isTTY ? undefined : (text: string) => io.stderr.write(`pipebench: ${text}\n`);
    const result = await latency({ ...options, target: t.url, embedded: t.embedded }, { signal, onProgress });
    emitReport(result, renderLatency(result, out.color), io, out);
    for (const p of writeOutputs(result, flags, io)) io.stderr.write(`pipebench: ${p}\n`);
    return result.exit_code;
  });
}
