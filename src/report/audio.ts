/**
 * The audio section of the text table and the Markdown summary (result.audio, written by the
 * audio check). Pure: the section in, lines out; empty when no session was checked.
 */
import type { AudioSummary } from '../audio/summary.js';
import { sessionsText } from '../units.js';

const ms = (v: number) => v.toFixed(3);
const db = (v: number) => v.toFixed(1);

/** Why there is no delay figure, when there is none. */
export function delayMissing(a: AudioSummary): string {
  const w = a.windows;
  if (w.ambiguous > 0 && w.ambiguous >= w.silent) {
    return `${w.ambiguous} windows ambiguous: periodic audio (a steady tone) has no single delay; use --signal chirp, noise or speech, or --audio`;
  }
  if (w.silent > 0) return `${w.silent} windows too quiet to correlate`;
  return w.incomplete > 0 ? `${w.incomplete} windows had a lost or wrong-length chunk` : 'no complete window (run longer than a second)';
}

/** One line on the measured delay and the correlation peak. */
export function delayLine(a: AudioSummary): string {
  const d = a.audio_delay_ms;
  const c = a.audio_correlation;
  if (d.count === 0 || !a.delay_samples || !c) return `delay not measured: ${delayMissing(a)}`;
  const samples = a.delay_samples.min === a.delay_samples.max ? `${a.delay_samples.min} samples` : `${a.delay_samples.min}-${a.delay_samples.max} samples`;
  return `delay ${ms(d.p50)} ms median (${samples}; min ${ms(d.min)}, max ${ms(d.max)} ms) over ${d.count} windows; ` +
    `correlation min ${c.min.toFixed(3)}, median ${c.p50.toFixed(3)}`;
}

/** One line on what came back wrong, and the level. */
export function returnedLine(a: AudioSummary): string {
  const l = a.audio_rms_dbfs;
  const undecodable = a.audio_undecodable ? `, ${a.audio_undecodable} undecodable` : '';
  return `${a.audio_length_mismatches} length mismatches, ${a.audio_dropouts} dropouts, ${a.audio_clipped_chunks} clipped chunks${undecodable}; ` +
    `level median ${db(l.p50)} dBFS (min ${db(l.min)}, max ${db(l.max)})`;
}


/** The audio block of the text table. */
export function audioText(a: AudioSummary | undefined): string {
  if (!a) return '';
  const head = `audio     ${a.source}; returned audio checked on ${sessionsText(a.sessions_checked)}, ${a.audio_chunks_checked} chunks`;
  const saved = a.saved_files?.length ? [`  saved ${a.saved_files.length} WAV files in ${dirOf(a.saved_files[0])}`] : [];
  return [head, `  ${delayLine(a)}`, `  returned ${returnedLine(a)}`, ...saved].join('\n');
}

function dirOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i > 0 ? path.slice(0, i) : '.';
}

/** The audio block of the Markdown summary. */
export function audioMarkdown(a: AudioSummary | undefined): string {
  if (!a) return '';
  return `### Returned audio\n\n${a.source}; ${sessionsText(a.sessions_checked)} checked, ${a.audio_chunks_checked} chunks.\n\n` +
    `- ${delayLine(a)}\n- ${returnedLine(a)}`;
}
