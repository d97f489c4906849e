/**
 * The audio check of a run: feeds the returned `processed_audio` frames of the checked sessions
 * to their SessionAudioCheck, keeps their audio when it is to be saved, captures one aligned
 * second for the HTML report, and sums everything into the result's `audio` section.
 */
import { SessionAudioCheck } from './check.js';
import { decodeProcessedAudio } from './frame.js';
import { summarizeAudio, type AudioSummary, type CheckedSession } from './summary.js';
import type { AudioSource } from './source.js';
import type { DelayEstimate } from './delay.js';

/** --save-audio keeps at most this much of each checked session (memory: 1.9 MB per minute at 16 kHz). */
export const MAX_SAVE_S = 600;

/** Default `--audio-check-sessions`: enough to see the audio, cheap enough to leave on. */
export const DEFAULT_CHECK_SESSIONS = 2;

/**
 * Which sessions are checked: `n` of the plan's `sessions`, spread over them, and of those the
 * ones this process streams (`owned`: a worker's or shard's slice; default all). So N is per run,
 * however the run is split, and a merge of the parts holds exactly N checked sessions.
 */
export function checkedSessions(n: number | 'all', sessions: number, owned?: readonly number[]): number[] {
  const k = n === 'all' ? sessions : Math.min(n, sessions);
  const chosen = Array.from({ length: k }, (_, i) => Math.floor((i * sessions) / k));
  if (!owned) return chosen;
  const mine = new Set(owned);
  return chosen.filter((i) => mine.has(i));
}

/** The sent and returned audio of one checked session, for --save-audio. */
export interface SessionRecording {
  index: number;
  sampleRate: number;
  sent: Int16Array;
  returned: Int16Array;
}

interface Checked {
  index: number;
  offset: number;
  check: SessionAudioCheck;
  scratch: Int16Array;
  /** Returned chunks by sequence number, kept only with --save-audio. */
  saved: Int16Array[] | null;
}

export interface AudioCheckOptions {
  source: AudioSource;
  /** Starting chunk of every session (see sessionOffsets). */
  offsets: readonly number[];
  /** Indexes of the sessions to check. */
  sessions: readonly number[];
  save: boolean;
}

/**
 * The run's audio check. It is a ReturnedAudioTap (`watches` + `returned`) and also has the shape
 * of a load event sink for the events it needs (`clockStarted`, `chunkAudio`); the other events
 * are no-ops, so it can be attached wherever load events are fanned out.
 */
export class AudioCheck {
  private readonly checked = new Map<number, Checked>();
  private waveform: AudioSummary['waveform'] = null;
  private readonly maxSavedChunks: number;
  private measureStartMs = -Infinity;
  private endMs = Infinity;

  constructor(private readonly o: AudioCheckOptions) {
    const n = o.source.chunkSamples;
    this.maxSavedChunks = Math.ceil((MAX_SAVE_S * o.source.sampleRate) / n);
    for (const index of o.sessions) {
      const offset = o.offsets[index] ?? 0;
      const check = new SessionAudioCheck({ pcm: o.source.pcm, chunkSamples: n, offset }, o.source.sampleRate);
      const c: Checked = { index, offset, check, scratch: new Int16Array(n), saved: o.save ? [] : null };
      this.checked.set(index, c);
    }
    const first = this.checked.get(o.sessions[0]);
    if (first) this.captureWaveform(first);
  }

  /** True when session `index` is checked (the session asks once, then taps only if so). */
  watches(index: number): boolean {
    return this.checked.has(index);
  }

  /** A `processed_audio` frame for chunk `seq` of session `index`. */
  returned(index: number, seq: number, measured: boolean, frame: Buffer): void {
    const c = this.checked.get(index);
    if (!c) return;
    const count = decodeProcessedAudio(frame, c.scratch);
    c.check.returnedChunk(seq, c.scratch, count, measured);
    if (c.saved && seq < this.maxSavedChunks) c.saved[seq] = c.scratch.slice(0, Math.max(0, Math.min(count, c.scratch.length)));
  }

  /** Sink event: chunks due in [measureStartMs, endMs) are the measured ones. */
  clockStarted(_t0: number, measureStartMs: number, endMs: number): void {
    this.measureStartMs = measureStartMs;
    this.endMs = endMs;
    // Once sessions are set up and before the first chunk is due (the clock starts at least 100 ms
    // ahead), not earlier: a run that stops at an unreachable target never pays for it. Every
    // session's check runs the same code, so warming one warms them all.
    this.checked.values().next().value?.check.warmUp();
  }

  /** Sink event: a chunk's processed_audio frame (valid only during the call). */
  chunkAudio(session: number, seq: number, due: number, _now: number, frame: Buffer): void {
    if (this.checked.has(session)) this.returned(session, seq, due >= this.measureStartMs && due < this.endMs, frame);
  }

  /* The other load events carry nothing the audio check needs. */
  sessionCreated(): void {}
  sessionFailed(): void {}
  socketOpened(): void {}
  socketClosed(): void {}
  sessionDeleted(): void {}
  chunkSent(): void {}
  chunkUnsent(): void {}
  chunkAcked(): void {}
  chunkFailed(): void {}
  chunkLost(): void {}
  lateReply(): void {}
  requestSent(): void {}
  requestDone(): void {}
  sequenceAnomaly(): void {}
  error(): void {}

  /** The audio section of the result (closes the last correlation windows). */
  summary(): AudioSummary {
    const sessions: CheckedSession[] = [];
    for (const c of this.checked.values()) {
      c.check.finish();
      sessions.push({ index: c.index, offsetChunks: c.offset, stats: c.check.stats });
    }
    return summarizeAudio(this.o.source, sessions, this.waveform);
  }

  /** The sent and returned audio of every checked session (empty without `save`). */
  recordings(): SessionRecording[] {
    const n = this.o.source.chunkSamples;
    const out: SessionRecording[] = [];
    for (const c of this.checked.values()) {
      if (!c.saved) continue;
      const chunks = c.saved.length;
      const sent = new Int16Array(chunks * n);
      for (let i = 0; i < sent.length; i++) sent[i] = c.check.sentAt(i);
      const returned = new Int16Array(chunks * n);
      c.saved.forEach((pcm, seq) => returned.set(pcm, seq * n));
      out.push({ index: c.index, sampleRate: this.o.source.sampleRate, sent, returned });
    }
    return out;
  }

  /** Keep one second of the first checked session, aligned by its measured delay: the best-correlated window. */
  private captureWaveform(c: Checked): void {
    const check = c.check;
    check.onWindow = (w: number, e: DelayEstimate, returned: Float64Array) => {
      if (e.kind !== 'measured' || (this.waveform && this.waveform.correlation >= round3(e.peak))) return;
      const start = w * returned.length - e.lag;
      this.waveform = {
        session: c.index, sample_rate: this.o.source.sampleRate, delay_samples: e.lag, correlation: round3(e.peak),
        sent: columns((i) => check.sentAt(start + i), returned.length), returned: columns((i) => returned[i], returned.length),
      };
    };
  }
}

const COLUMNS = 400;
const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** Min and max of each of COLUMNS slices of `n` samples, full scale ±1, 3 decimals. */
function columns(at: (i: number) => number, n: number): [number, number][] {
  const out: [number, number][] = [];
  for (let c = 0; c < COLUMNS; c++) {
    let lo = Infinity, hi = -Infinity;
    for (let i = Math.floor((c * n) / COLUMNS); i < Math.floor(((c + 1) * n) / COLUMNS); i++) {
      const v = at(i);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    out.push([round3(lo / 32768), round3(hi / 32768)]);
  }
  return out;
}
