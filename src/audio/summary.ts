/**
 * The `audio` section of a result: per-session audio check stats summed into run-wide metrics
 * (threshold-ready) plus a per-session table and one aligned waveform second for the HTML report.
 */
import { encodeHistogram, newHistogram, recordMs } from '../measure/histogram.js';
import type { LatencySummary } from '../measure/types.js';
import { LEVEL_BINS, type SessionAudioStats } from './check.js';
import type { AudioSource } from './source.js';

export interface CheckedSession {
  index: number;
  offsetChunks: number;
  stats: SessionAudioStats;
}

/** min / median / max of a list of numbers (null when empty). */
export interface Spread {
  min: number;
  p50: number;
  max: number;
}

export interface AudioSessionRow {
  index: number;
  offset_chunks: number;
  chunks: number;
  windows_measured: number;
  delay_samples: Spread | null;
  correlation: Spread | null;
  length_mismatches: number;
  dropouts: number;
  clipped_chunks: number;
}

export interface AudioWaveform {
  session: number;
  sample_rate: number;
  delay_samples: number;
  correlation: number;
  /** [min, max] per column, full scale ±1: sent audio shifted by the delay, and returned audio. */
  sent: [number, number][];
  returned: [number, number][];
}

export interface AudioSummary {
  /** What was streamed, e.g. `signal speech` or `file speech.wav (22050 Hz, 1 ch, 16-bit)`. */
  source: string;
  sample_rate: number;
  sessions_checked: number;
  audio_chunks_checked: number;
  /** One value per correlation window (about a second of audio) with an unambiguous peak. */
  audio_delay_ms: LatencySummary;
  delay_samples: Spread | null;
  /** Normalized cross-correlation peak height per measured window (1 = identical up to gain). */
  audio_correlation: Spread | null;
  windows: { measured: number; ambiguous: number; silent: number; incomplete: number };
  audio_length_mismatches: number;
  audio_undecodable: number;
  audio_dropouts: number;
  audio_clipped_chunks: number;
  /**
   * Returned chunk RMS in dBFS from 1 dB bins (percentiles to ±0.5 dB); `histogram` lists the
   * non-empty bins as [lower edge dBFS, chunks], -96 holding everything at or below -96 dBFS.
   */
  audio_rms_dbfs: LatencySummary & { histogram: [number, number][] };
  sessions: AudioSessionRow[];
  waveform: AudioWaveform | null;
  /** WAV files written by --save-audio. */
  saved_files?: string[];
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

export function spread(values: readonly number[]): Spread | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return { min: round3(sorted[0]), p50: round3(sorted[Math.floor((sorted.length - 1) / 2)]), max: round3(sorted[sorted.length - 1]) };
}

/** A trend summary of the level histogram (LEVEL_BINS bins from -96 dBFS; bin centres), in the shape thresholds read. */
export function levelSummary(bins: number[]): LatencySummary & { histogram: [number, number][] } {
  const count = bins.reduce((a, b) => a + b, 0);
  const centre = (i: number) => (i === 0 ? -96 : Math.min(0, -96 + i + 0.5)); // bin 0 holds -96 and below
  const at = (p: number) => {
    let seen = 0;
    for (let i = 0; i < bins.length; i++) if ((seen += bins[i]) >= (p / 100) * count && bins[i] > 0) return centre(i);
    return 0;
  };
  let sum = 0, sq = 0;
  bins.forEach((c, i) => {
    sum += c * centre(i);
    sq += c * centre(i) ** 2;
  });
  const avg = count ? sum / count : 0;
  const first = bins.findIndex((c) => c > 0);
  const last = bins.length - 1 - [...bins].reverse().findIndex((c) => c > 0);
  return {
    count, avg: round3(avg), min: count ? centre(first) : 0, max: count ? centre(last) : 0,
    p50: at(50), p90: at(90), p95: at(95), p99: at(99), p999: at(99.9),
    stddev: count ? round3(Math.sqrt(Math.max(0, sq / count - avg * avg))) : 0, hdr: '',
    histogram: bins.flatMap((c, i) => (c > 0 ? [[-96 + i, c] as [number, number]] : [])),
  };
}

/** Exact order statistics of `values` (ms) in the trend shape, with `hdr` for merging. */
function exactTrend(values: readonly number[], hdr: string): LatencySummary {
  const v = [...values].sort((a, b) => a - b);
  const n = v.length;
  const at = (p: number) => (n ? round3(v[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))]) : 0);
  const avg = n ? v.reduce((a, b) => a + b, 0) / n : 0;
  const sd = n ? Math.sqrt(v.reduce((a, b) => a + (b - avg) ** 2, 0) / n) : 0;
  return { count: n, min: at(0), avg: round3(avg), p50: at(50), p90: at(90), p95: at(95), p99: at(99), p999: at(99.9), max: n ? round3(v[n - 1]) : 0, stddev: round3(sd), hdr };
}

export function summarizeAudio(source: AudioSource, sessions: CheckedSession[], waveform: AudioWaveform | null): AudioSummary {
  const delay = newHistogram('full');
  const bins = new Array<number>(LEVEL_BINS).fill(0);
  const lags: number[] = [];
  const peaks: number[] = [];
  const sum = { chunks: 0, mismatches: 0, undecodable: 0, dropouts: 0, clipped: 0, ambiguous: 0, silent: 0, incomplete: 0 };
  for (const { stats: s } of sessions) {
    for (const lag of s.lags) recordMs(delay, (1000 * lag) / source.sampleRate);
    lags.push(...s.lags);
    peaks.push(...s.peaks);
    s.levelBins.forEach((c, i) => (bins[i] += c));
    sum.chunks += s.chunks;
    sum.mismatches += s.lengthMismatches;
    sum.undecodable += s.undecodable;
    sum.dropouts += s.dropouts;
    sum.clipped += s.clipped;
    sum.ambiguous += s.ambiguous;
    sum.silent += s.silent;
    sum.incomplete += s.incomplete;
  }
  return {
    source: source.label, sample_rate: source.sampleRate, sessions_checked: sessions.length, audio_chunks_checked: sum.chunks,
    audio_delay_ms: exactTrend(lags.map((l) => (1000 * l) / source.sampleRate), encodeHistogram(delay)), delay_samples: spread(lags), audio_correlation: spread(peaks),
    windows: { measured: lags.length, ambiguous: sum.ambiguous, silent: sum.silent, incomplete: sum.incomplete },
    audio_length_mismatches: sum.mismatches, audio_undecodable: sum.undecodable, audio_dropouts: sum.dropouts,
    audio_clipped_chunks: sum.clipped, audio_rms_dbfs: levelSummary(bins),
    sessions: sessions.map(({ index, offsetChunks, stats: s }) => ({
      index, offset_chunks: offsetChunks, chunks: s.chunks, windows_measured: s.lags.length,
      delay_samples: spread(s.lags), correlation: spread(s.peaks),
      length_mismatches: s.lengthMismatches, dropouts: s.dropouts, clipped_chunks: s.clipped,
    })),
    waveform,
  };
}
