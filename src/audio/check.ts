/**
 * The audio checker of one session: what came back against what was sent, chunk by chunk
 * (length, dropouts, clipping, level) and window by window (delay and correlation peak).
 * Pure: it is fed returned chunks by stream position and knows the sent audio from the loop.
 */
import { DelayEstimator, type DelayEstimate } from './delay.js';

/** A returned chunk below this RMS counts as silent (dropout)... */
export const DROPOUT_RETURNED_DBFS = -70;
/** ...when the sent audio it carries (at the measured delay) was at least this loud. */
export const DROPOUT_SENT_DBFS = -40;
/** Consecutive samples at full scale (±32767 or -32768) that make a chunk clipped. */
export const CLIP_RUN = 2;
/** Longest delay searched, in seconds. */
export const MAX_DELAY_S = 0.5;
/** Length of one correlation window, in seconds (rounded up to whole chunks). */
export const WINDOW_S = 1;
const RETURNED = 1;
const SILENT = 2;
const CLIPPED = 4;

/** RMS histogram bins: 1 dB wide, -96 dBFS (and below) to 0 dBFS. */
export const LEVEL_BINS = 97;

/** RMS of 16-bit samples in dBFS, floored at -96. */
export function chunkDbfs(pcm: ArrayLike<number>, n: number): number {
  if (n === 0) return -96;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += pcm[i] * pcm[i];
  const rms = Math.sqrt(sum / n) / 32768;
  return rms > 0 ? Math.max(-96, 20 * Math.log10(rms)) : -96;
}

/** True when `n` samples hold a run of CLIP_RUN samples at full scale. */
export function hasClipRun(pcm: ArrayLike<number>, n: number): boolean {
  let run = 0;
  for (let i = 0; i < n; i++) {
    const v = pcm[i];
    run = v >= 32767 || v <= -32768 ? run + 1 : 0;
    if (run >= CLIP_RUN) return true;
  }
  return false;
}

/** Counts and window results of one checked session (measured window only). */
export interface SessionAudioStats {
  chunks: number;
  lengthMismatches: number;
  undecodable: number;
  dropouts: number;
  clipped: number;
  /** Returned chunk RMS, LEVEL_BINS bins of 1 dB from -96 dBFS. */
  levelBins: number[];
  /** Per window: measured lags (samples) and their correlation peaks. */
  lags: number[];
  peaks: number[];
  ambiguous: number;
  silent: number;
  incomplete: number;
}

/** The sent audio: a loop of whole chunks, which this session starts at chunk `offset`. */
export interface SentLoop {
  pcm: Int16Array;
  chunkSamples: number;
  offset: number;
}

export class SessionAudioCheck {
  readonly stats: SessionAudioStats;
  private readonly n: number;
  private readonly windowChunks: number;
  private readonly estimator: DelayEstimator;
  private readonly returned: Float64Array;
  private readonly sent: Float64Array;
  /** Per chunk of the window in progress (measured chunks only): RETURNED, SILENT, CLIPPED bits. */
  private readonly flags: Uint8Array;
  private readonly scratch: Int16Array;
  /** The last measured delay, used for windows whose own delay could not be measured. */
  private lag = 0;
  private window = -1;
  private windowFilled = 0;
  private windowMeasured = false;
  /** Called with each window's estimate (for the HTML waveform, which needs one aligned second). */
  onWindow?: (window: number, estimate: DelayEstimate, returned: Float64Array) => void;

  constructor(private readonly loop: SentLoop, sampleRate: number) {
    this.n = loop.chunkSamples;
    this.windowChunks = Math.max(1, Math.ceil((WINDOW_S * sampleRate) / this.n));
    const maxLag = Math.round(MAX_DELAY_S * sampleRate);
    this.estimator = new DelayEstimator(this.windowChunks * this.n, maxLag);
    this.returned = new Float64Array(this.windowChunks * this.n);
    this.sent = new Float64Array(this.windowChunks * this.n + maxLag);
    this.flags = new Uint8Array(this.windowChunks);
    this.scratch = new Int16Array(this.n);
    this.stats = {
      chunks: 0, lengthMismatches: 0, undecodable: 0, dropouts: 0, clipped: 0, levelBins: new Array<number>(LEVEL_BINS).fill(0),
      lags: [], peaks: [], ambiguous: 0, silent: 0, incomplete: 0,
    };
  }

  /** Samples per correlation window. */
  get windowSamples(): number {
    return this.returned.length;
  }

  /** The sent sample at stream position `pos` of this session (0 before the stream began). */
  sentAt(pos: number): number {
    if (pos < 0) return 0;
    const { pcm, offset } = this.loop;
    return pcm[(offset * this.n + pos) % pcm.length];
  }

  /**
   * Chunk `seq` came back with `count` samples held in `pcm` (count -1: undecodable).
   * `measured`: whether the chunk was due inside the run's measured window.
   */
  returnedChunk(seq: number, pcm: Int16Array, count: number, measured: boolean): void {
    const w = Math.floor(seq / this.windowChunks);
    if (w !== this.window) this.startWindow(w);
    const usable = Math.max(0, Math.min(count, this.n));
    const at = (seq % this.windowChunks) * this.n;
    for (let i = 0; i < usable; i++) this.returned[at + i] = pcm[i];
    if (count === this.n) this.windowFilled++;
    if (!measured) return;
    this.windowMeasured = true;
    const s = this.stats;
    s.chunks++;
    if (count < 0) {
      s.undecodable++;
      return;
    }
    if (count !== this.n) s.lengthMismatches++;
    const db = chunkDbfs(pcm, usable);
    s.levelBins[Math.min(LEVEL_BINS - 1, Math.max(0, Math.floor(db) + 96))]++;
    // Dropouts and clipping are judged against the sent audio at the window's delay, when it closes.
    this.flags[seq % this.windowChunks] = RETURNED | (db < DROPOUT_RETURNED_DBFS ? SILENT : 0) | (hasClipRun(pcm, usable) ? CLIPPED : 0);
  }

  /** Counts dropouts and clipping in the closing window, against the sent audio `lag` samples earlier. */
  private judgeChunks(lag: number): void {
    const s = this.stats;
    for (let j = 0; j < this.windowChunks; j++) {
      const f = this.flags[j];
      if (!(f & RETURNED) || !(f & (SILENT | CLIPPED))) continue;
      const from = (this.window * this.windowChunks + j) * this.n - lag;
      for (let i = 0; i < this.n; i++) this.scratch[i] = this.sentAt(from + i);
      if (f & SILENT && chunkDbfs(this.scratch, this.n) >= DROPOUT_SENT_DBFS) s.dropouts++;
      if (f & CLIPPED && !hasClipRun(this.scratch, this.n)) s.clipped++;
    }
  }

  /**
   * Correlate one window of this session's own sent audio against itself, delayed by half a chunk,
   * twice, and forget it. V8 then has the FFT and the peak search optimised before the stream: cold,
   * the first window's estimate held the event loop for ~38 ms (send lag for every session), and
   * later ones ~1 ms; after two runs here the first is ~1.5 ms (bench: Node 20, 16 kHz).
   */
  warmUp(): void {
    const m = this.estimator.maxLag;
    const d = this.n >> 1;
    for (let i = 0; i < this.sent.length; i++) this.sent[i] = this.sentAt(i);
    for (let i = 0; i < this.returned.length; i++) this.returned[i] = this.sent[m + i - d] ?? 0;
    for (let k = 0; k < 2; k++) this.estimator.estimate(this.returned, this.sent);
    this.returned.fill(0);
  }

  /** Evaluate the window in progress (call once at the end of the run). */
  finish(): void {
    this.startWindow(-1);
  }

  private startWindow(w: number): void {
    if (this.window >= 0 && this.windowMeasured) {
      this.evaluate();
      this.judgeChunks(this.lag);
    }
    this.window = w;
    this.windowFilled = 0;
    this.windowMeasured = false;
    this.returned.fill(0);
    this.flags.fill(0);
  }

  private evaluate(): void {
    const s = this.stats;
    if (this.windowFilled < this.windowChunks) {
      s.incomplete++;
      return;
    }
    const start = this.window * this.returned.length - this.estimator.maxLag;
    for (let i = 0; i < this.sent.length; i++) this.sent[i] = this.sentAt(start + i);
    const e = this.estimator.estimate(this.returned, this.sent);
    if (e.kind === 'silent') s.silent++;
    else if (e.kind === 'ambiguous') s.ambiguous++;
    else {
      s.lags.push(e.lag);
      s.peaks.push(e.peak);
      this.lag = e.lag;
    }
    this.onWindow?.(this.window, e, this.returned);
  }
}
