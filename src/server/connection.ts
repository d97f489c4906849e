/**
 * One WebSocket attached to one session. Messages are handled synchronously in arrival order
 * (DSP is synchronous), so each message's replies are produced before the next is read; the
 * Outbox then sends them in that same order, after whatever delay the fault plan imposes.
 */
import { performance } from 'node:perf_hooks';
import type { WebSocket, RawData } from '../net/ws.js';
import { DspConfigError, pcmFromBase64, pcmToBase64 } from '../dsp/index.js';
import type { CpuMeter } from './cpu.js';
import type { FaultPlan, Rng } from './faults.js';
import { dspErrorText } from './dsp-error.js';
import { Outbox } from './outbox.js';
import { PONG, configUpdatedFrame, errorFrame, metricsFrame, processedAudioFrame } from './replies.js';
import type { AttachedSocket, Session } from './sessions.js';

/** Shared, per-server things a connection needs. */
export interface ConnectionContext {
  faults: FaultPlan;
  cpu: CpuMeter;
}

/** Close code for a socket pushed aside by a newer connection to the same session. */
export const CLOSE_REPLACED = 4000;

const NO_REPLY: string[] = [];

/** Handles the frames of one socket for one session. */
export class Connection implements AttachedSocket {
  private readonly outbox: Outbox;
  private readonly rng: Rng;
  private chunksOnSocket = 0;
  /** Set once the socket is closing or about to be dropped: later frames are ignored. */
  private done = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly session: Session,
    private readonly ctx: ConnectionContext,
  ) {
    this.outbox = new Outbox(ws);
    this.rng = ctx.faults.connectionRng();
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('close', () => this.detach());
    ws.on('error', () => this.detach());
  }

  /** Close with a close frame, dropping pending replies (DELETE, idle timeout, replacement, shutdown). */
  close(code: number, reason: string): void {
    this.detach();
    this.ws.close(code, reason);
  }

  private detach(): void {
    this.done = true;
    this.outbox.close();
    if (this.session.socket === this) this.session.socket = null;
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.done) return;
    this.session.lastActivityMs = Date.now();
    const isChunkBefore = this.chunksOnSocket;
    const frames = this.handle(data, isBinary);
    const drop = this.chunksOnSocket !== isChunkBefore && this.ctx.faults.dropsAfter(this.chunksOnSocket);
    if (drop) this.done = true;
    if (frames.length === 0 && !drop) return;
    const faults = this.ctx.faults;
    const now = performance.now();
    this.outbox.push(frames, faults.holdsReplies ? faults.releaseAt(now, this.rng) : now, drop);
  }

  private handle(data: RawData, isBinary: boolean): string[] {
    if (isBinary) return [errorFrame('Binary frames are not supported: send JSON text frames')];
    let msg: unknown;
    try {
      msg = JSON.parse(data.toString());
    } catch (err) {
      return [errorFrame(`Invalid JSON: ${(err as Error).message}`)];
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
      return [errorFrame('Message must be a JSON object')];
    }
    const m = msg as Record<string, unknown>;
    switch (m.type) {
      case 'audio_chunk':
        this.chunksOnSocket += 1;
        return this.chunk(m.data);
      case 'update_stage':
        return this.updateStage(m.stage_id, m.parameters);
      case 'ping':
        return [PONG];
      case undefined:
        return [errorFrame("Missing required key 'type'")];
      default:
        return NO_REPLY;
    }
  }

  private chunk(data: unknown): string[] {
    if (this.ctx.faults.failChunk(this.rng)) return [errorFrame('Chunk processing failed: injected fault')];
    if (typeof data !== 'string') return [errorFrame("Chunk processing failed: missing required key 'data' (base64 string)")];
    const s = this.session;
    let pcm: Int16Array;
    let result;
    let latencyMs: number;
    try {
      pcm = pcmFromBase64(data);
      const t0 = performance.now();
      result = s.chain.process(pcm);
      latencyMs = performance.now() - t0;
    } catch (err) {
      return [errorFrame(`Chunk processing failed: ${(err as Error).message}`)];
    }
    s.chunksProcessed += 1;
    s.totalLatencyMs += latencyMs;
    const metrics = metricsFrame({
      totalLatencyMs: latencyMs,
      chunksProcessed: s.chunksProcessed,
      averageLatencyMs: s.totalLatencyMs / s.chunksProcessed,
      snrDb: result.snrDb,
      rmsDbfs: result.rmsDbfs,
      cpuUsage: this.ctx.cpu.usage,
      stageLatenciesMs: result.stageLatenciesMs,
    });
    return pcm.length === 0 ? [metrics] : [processedAudioFrame(pcmToBase64(result.output)), metrics];
  }

  private updateStage(stageId: unknown, parameters: unknown): string[] {
    if (typeof stageId !== 'string') return [errorFrame("Config update failed: missing required key 'stage_id'")];
    if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
      return [errorFrame("Config update failed: 'parameters' must be a JSON object")];
    }
    try {
      this.session.chain.updateStage(stageId, parameters as Record<string, unknown>);
    } catch (err) {
      // The DSP owns stage-id mapping; its unknown-stage message is the original's `Stage eq not found`.
      if (err instanceof DspConfigError && err.field === 'stage_id') return [errorFrame(err.message)];
      const detail = err instanceof DspConfigError ? dspErrorText(err) : (err as Error).message;
      return [errorFrame(`Config update failed: ${detail}`)];
    }
    return [configUpdatedFrame(stageId)];
  }
}
