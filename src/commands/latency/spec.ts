/** `pipebench latency`: the guide's latency test, the load client with closed pacing (one session, each chunk after the previous reply). */
import { resolveSustained } from '../../scenario.js';
import { renderTable } from '../../report/table.js';
import type { Result } from '../../report/result.js';
import { CONNECTION_FLAGS, judgeFlags, MAX_LAG_FLAG, OUTPUT_FLAGS, PIPELINE_FLAG, TARGET_FLAGS, TLS_FLAGS, TONE_FLAGS } from '../../spine/flags.js';
import { LOAD_EXIT_CODES } from '../../spine/help.js';
import type { CommandSpec, RawFlags, ResolveContext, Resolved } from '../../spine/spec.js';
import { judgeLatency, LATENCY_DEFAULTS, latencyPlan, runLatency, type LatencyOutcome, type LatencyPlan } from './run.js';
import { REPORT_FILES } from '../../spine/outputs.js';

/** The plan, with the target still to be chosen (null: the embedded reference server). */
type Plan = Omit<LatencyPlan, 'target'> & { target: string | null };

function chunksFlag(v: unknown, problems: string[]): number {
  if (v === undefined) return LATENCY_DEFAULTS.chunks;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 100_000) problems.push(`--chunks: "${String(v)}" is not an integer from 1 to 100000`);
  return n;
}

/** The shared flags exactly as sustained reads them, then --chunks; every problem at once. */
function resolve(flags: RawFlags, ctx: ResolveContext): Resolved<Plan> {
  const { scenario: s, problems } = resolveSustained(flags, ctx.profile, ctx.cwd);
  const chunks = chunksFlag(flags.chunks, problems);
  if (!s || problems.length) return { problems };
  const plan = latencyPlan({
    target: '', chunks, chunkMs: s.chunkMs, sampleRate: s.sampleRate, toneHz: s.toneHz, levelDbfs: s.levelDbfs,
    chunkTimeoutMs: s.chunkTimeoutMs, connectTimeoutMs: s.connectTimeoutMs, pipeline: s.pipeline,
    pipelineSource: s.pipelineSource, headers: { ...s.headers }, deflate: s.deflate, thresholds: s.thresholds, profile: s.profile,
    maxLagMs: s.maxLagMs ?? undefined,
    ...(s.tls ? { tls: s.tls } : {}),
  });
  return { plan: Object.freeze({ ...plan, target: s.target }), problems };
}

/** The table, after one line saying how this run differs from a sustained one. */
function render(r: Result, opts: { color: boolean }): string {
  const s = r.scenario as Record<string, unknown>;
  const how = `latency: ${String(s.chunks)} chunks, one at a time, each waiting for its reply; a timeout counts as ${String(s.chunk_timeout_ms)} ms\n`;
  return how + renderTable(r, opts);
}

export const latencySpec: CommandSpec<Plan, LatencyOutcome> = {
  name: 'latency',
  summary: "the guide's latency test: one session, chunks sent one at a time, each waiting for its reply",
  flags: [
    { name: 'chunks', short: 'n', arg: '<n>', group: 'load', help: `chunks to send (default ${LATENCY_DEFAULTS.chunks})` },
    { name: 'chunk-ms', arg: '<ms>', group: 'load', help: 'chunk length in ms; chunks are sent no closer than this (default 100)' },
    { name: 'chunk-timeout', arg: '<time>', group: 'load', help: 'a chunk with no reply after this is an error, counted at this value (default 2s)' },
    PIPELINE_FLAG,
    ...TARGET_FLAGS,
    ...TLS_FLAGS,
    ...CONNECTION_FLAGS,
    ...TONE_FLAGS,
    ...judgeFlags('latency', "'chunk_rtt_ms: p(99) < 200'"),
    MAX_LAG_FLAG,
    ...OUTPUT_FLAGS,
  ],
  examples: [
    'pipebench latency',
    'pipebench latency -t http://127.0.0.1:3000 -n 100 --junit latency.xml',
  ],
  exitCodes: LOAD_EXIT_CODES,
  defaultProfile: 'latency',
  files: REPORT_FILES,
  resolve,
  target: (p) => p.target,
  run: (p, t, hooks) => runLatency({ ...p, target: t!.url, embedded: t!.embedded }, { signal: hooks.signal, onProgress: hooks.progress }),
  judge: (p, t, outcome) => judgeLatency({ ...p, target: t!.url, embedded: t!.embedded }, outcome),
  render,
};
