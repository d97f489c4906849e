/**
 * Pipelines: a pipeline_config becomes a linear chain of live stages run in topological order of
 * its connections (or the stages object's key order), with per-stage timing and output metrics.
 */
import { ACCEPTED_STAGE_NAMES, mapStageId, stageDefinition } from './catalogue.js';
import { requireObject } from './params.js';
import { floatToInt16, int16ToFloat, rmsDbfs } from './pcm.js';
import { SnrEstimator } from './snr.js';
import { resolveStage, splitStageFields, StageInstance } from './stages/stage.js';
import { type Chain, type ChainResult, DspConfigError, type PipelineConfig, type PipelineConnection } from './types.js';

/** Sample rates a chain accepts, Hz. */
const RATE_RANGE = [8000, 192000] as const;

/** Throws unless `sampleRate` is an integer in RATE_RANGE. */
export function checkSampleRate(sampleRate: number): void {
  if (!Number.isInteger(sampleRate) || sampleRate < RATE_RANGE[0] || sampleRate > RATE_RANGE[1]) {
    throw new DspConfigError('sample_rate', `sample_rate must be an integer from ${RATE_RANGE[0]} to ${RATE_RANGE[1]} Hz (got ${sampleRate})`);
  }
}

/**
 * Processing order: Kahn's topological sort of the connections, ties broken by key order.
 * Edges naming stages that are not in the pipeline are ignored; a cycle falls back to key order.
 */
export function chainOrder(ids: readonly string[], connections: readonly PipelineConnection[] | undefined): string[] {
  if (!Array.isArray(connections) || connections.length === 0) return [...ids];
  const known = new Set(ids);
  const edges = connections
    .map((c) => [mapStageId(String(c?.source_stage_id)), mapStageId(String(c?.target_stage_id))])
    .filter(([s, t]) => known.has(s) && known.has(t) && s !== t);
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < ids.length) {
    const next = ids.find((id) => !placed.has(id) && !edges.some(([s, t]) => t === id && !placed.has(s)));
    if (next === undefined) return [...ids];
    order.push(next);
    placed.add(next);
  }
  return order;
}

function buildStages(config: PipelineConfig, sampleRate: number): StageInstance[] {
  const raw = (config as unknown as Record<string, unknown> | undefined)?.stages;
  if (raw === undefined) throw new DspConfigError('pipeline_config.stages', 'pipeline_config.stages is required (an object keyed by stage name)');
  const stages = requireObject(raw, 'pipeline_config.stages');
  const byId = new Map<string, StageInstance>();
  for (const [name, stageConfig] of Object.entries(stages)) {
    const field = `pipeline_config.stages.${name}`;
    const def = stageDefinition(name);
    if (!def) throw new DspConfigError(field, `Unknown stage "${name}"; allowed: ${ACCEPTED_STAGE_NAMES.join(', ')}`);
    const id = mapStageId(name);
    if (byId.has(id)) throw new DspConfigError(field, `Stage "${name}" is the same stage as another entry (${id})`);
    byId.set(id, new StageInstance(id, def, resolveStage(def, requireObject(stageConfig ?? {}, field), field), sampleRate));
  }
  return chainOrder([...byId.keys()], config.connections).map((id) => byId.get(id) as StageInstance);
}

/** A live chain; also knows its total algorithmic delay. */
export class PipelineChain implements Chain {
  readonly stageIds: readonly string[];
  private readonly stages: StageInstance[];
  private readonly snr: SnrEstimator;
  private work = new Float64Array(0);

  constructor(config: PipelineConfig, sampleRate: number) {
    checkSampleRate(sampleRate);
    this.stages = buildStages(config, sampleRate);
    this.stageIds = this.stages.map((s) => s.id);
    this.snr = new SnrEstimator(sampleRate);
  }

  /** Sum of the enabled stages' algorithmic delays, samples. */
  get latencySamples(): number {
    return this.stages.reduce((sum, s) => sum + s.latencySamples, 0);
  }

  process(input: Int16Array): ChainResult {
    const n = input.length;
    if (this.work.length < n) this.work = new Float64Array(n);
    const x = this.work;
    int16ToFloat(input, x);
    const stageLatenciesMs: Record<string, number> = {};
    for (const stage of this.stages) {
      if (!stage.enabled) continue;
      const t0 = performance.now();
      stage.process(x, n);
      stageLatenciesMs[stage.id] = performance.now() - t0;
    }
    const output = floatToInt16(x, n);
    return { output, stageLatenciesMs, rmsDbfs: rmsDbfs(output), snrDb: n > 0 ? this.snr.estimate(x, n) : 0 };
  }

  updateStage(stageId: string, parameters: Record<string, unknown>): void {
    const id = mapStageId(String(stageId));
    const stage = this.stages.find((s) => s.id === id);
    if (!stage) throw new DspConfigError('stage_id', `Stage ${stageId} not found`);
    const field = `stages.${id}`;
    stage.update(splitStageFields(requireObject(parameters, 'parameters'), field), field);
  }

  /** Stage-specific details of the last chunk, by stage id. */
  details(): Record<string, Record<string, unknown>> {
    return Object.fromEntries(this.stages.map((s) => [s.id, s.details()]));
  }
}

/**
 * Builds a chain from a pipeline_config. Stage ids are the mapped names (voice_filter →
 * voice_frequency_filter). Throws DspConfigError naming the bad field, e.g.
 * `pipeline_config.stages.vad.parameters.aggressiveness`.
 */
export function createChain(config: PipelineConfig, sampleRate: number): Chain {
  return new PipelineChain(config, sampleRate);
}

/**
 * One-shot processing of a whole clip (the batch endpoint): fresh state, and the chain's
 * algorithmic delay compensated, so the output lines up with the input and has its length.
 */
export function processPipeline(config: PipelineConfig, pcm: Int16Array, sampleRate: number): ChainResult {
  const chain = new PipelineChain(config, sampleRate);
  const delay = chain.latencySamples;
  const padded = new Int16Array(pcm.length + delay);
  padded.set(pcm);
  const result = chain.process(padded);
  const output = result.output.slice(delay);
  return { ...result, output, rmsDbfs: rmsDbfs(output) };
}
