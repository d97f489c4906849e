/**
 * Merging the `audio` sections of runs that ran side by side (workers, shards): counts and level
 * bins add exactly, the delay histograms add (HDR precision, like every merged latency), session
 * rows are concatenated, min and max stay exact. The merged correlation median is the median of
 * the parts' medians (the parts do not keep every window's peak).
 */
import { addEncoded, summarize } from '../measure/histogram.js';
import { LEVEL_BINS } from './check.js';
import { levelSummary, type AudioSummary, type Spread } from './summary.js';

function mergeSpread(parts: Array<Spread | null>, p50: (present: Spread[]) => number): Spread | null {
  const present = parts.filter((s): s is Spread => s !== null);
  if (present.length === 0) return null;
  return { min: Math.min(...present.map((s) => s.min)), p50: p50(present), max: Math.max(...present.map((s) => s.max)) };
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)];
const sum = (parts: AudioSummary[], f: (a: AudioSummary) => number) => parts.reduce((t, a) => t + f(a), 0);

/** The merged audio section, or undefined when no part checked audio. */
export function mergeAudio(sections: ReadonlyArray<AudioSummary | undefined>): AudioSummary | undefined {
  const parts = sections.filter((a): a is AudioSummary => a !== undefined);
  if (parts.length === 0) return undefined;
  const delay = summarize(addEncoded(parts.filter((a) => a.audio_delay_ms.count > 0).map((a) => a.audio_delay_ms.hdr)));
  const timed = parts.filter((a) => a.audio_delay_ms.count > 0);
  if (timed.length) {
    delay.min = Math.min(...timed.map((a) => a.audio_delay_ms.min));
    delay.max = Math.max(...timed.map((a) => a.audio_delay_ms.max));
  }
  const rate = parts[0].sample_rate;
  const bins = new Array<number>(LEVEL_BINS).fill(0);
  for (const a of parts) for (const [dbfs, count] of a.audio_rms_dbfs.histogram) bins[dbfs + 96] += count;
  const saved = parts.flatMap((a) => a.saved_files ?? []);
  return {
    source: parts[0].source, sample_rate: rate, sessions_checked: sum(parts, (a) => a.sessions_checked),
    audio_chunks_checked: sum(parts, (a) => a.audio_chunks_checked), audio_delay_ms: delay,
    delay_samples: mergeSpread(parts.map((a) => a.delay_samples), () => Math.round((delay.p50 * rate) / 1000)),
    audio_correlation: mergeSpread(parts.map((a) => a.audio_correlation), (present) => median(present.map((s) => s.p50))),
    windows: {
      measured: sum(parts, (a) => a.windows.measured), ambiguous: sum(parts, (a) => a.windows.ambiguous),
      silent: sum(parts, (a) => a.windows.silent), incomplete: sum(parts, (a) => a.windows.incomplete),
    },
    audio_length_mismatches: sum(parts, (a) => a.audio_length_mismatches), audio_undecodable: sum(parts, (a) => a.audio_undecodable),
    audio_dropouts: sum(parts, (a) => a.audio_dropouts), audio_clipped_chunks: sum(parts, (a) => a.audio_clipped_chunks),
    audio_rms_dbfs: levelSummary(bins),
    sessions: parts.flatMap((a) => a.sessions).sort((x, y) => x.index - y.index),
    waveform: parts.find((a) => a.waveform)?.waveform ?? null,
    ...(saved.length ? { saved_files: saved } : {}),
  };
}
