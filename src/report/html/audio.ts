/**
 * The HTML report's audio section: the audio check's figures and one checked session's sent and
 * returned waveforms over a second, the sent one shifted by the measured delay so they line up.
 */
import type { AudioSummary, AudioWaveform } from '../../audio/summary.js';
import { delayLine, returnedLine } from '../audio.js';
import { sessionsText } from '../../units.js';
import { esc } from './svg.js';

const W = 800;
const H = 90;

/** A min/max envelope of columns (full scale ±1) as one filled SVG path. */
function envelope(cols: [number, number][], color: string, y0: number): string {
  const x = (i: number) => ((i + 0.5) * W) / cols.length;
  const y = (v: number) => y0 + H / 2 - (Math.max(-1, Math.min(1, v)) * H) / 2;
  const top = cols.map(([, hi], i) => `${x(i).toFixed(1)},${y(hi).toFixed(1)}`);
  const bottom = cols.map(([lo], i) => `${x(i).toFixed(1)},${y(lo).toFixed(1)}`).reverse();
  return `<path d="M${top.join('L')}L${bottom.join('L')}Z" fill="${color}" stroke="${color}" stroke-width="0.6"/>` +
    `<line class="axis" x1="0" x2="${W}" y1="${y0 + H / 2}" y2="${y0 + H / 2}"/>`;
}

/** About one second (one correlation window) of both signals. */
export function waveformFigure(w: AudioWaveform): string {
  const caption = `Session ${w.session}: sent audio shifted by the measured delay (${w.delay_samples} samples, ` +
    `${((1000 * w.delay_samples) / w.sample_rate).toFixed(3)} ms) above, returned audio below; correlation ${w.correlation.toFixed(3)}`;
  const svg = `<svg viewBox="0 0 ${W} ${2 * H + 30}" role="img" aria-label="${esc(caption)}">` +
    `<text class="label" x="4" y="12">sent (aligned)</text>${envelope(w.sent, '#1f77b4', 14)}` +
    `<text class="label" x="4" y="${H + 28}">returned</text>${envelope(w.returned, '#d62728', H + 30)}</svg>`;
  return `<figure class="chart"><figcaption>${esc(caption)}</figcaption>${svg}</figure>`;
}

/** The whole section body ('' when no session was checked). */
export function audioSection(a: AudioSummary | undefined): string {
  if (!a) return '';
  const rows = [
    ['source', a.source], ['checked', `${sessionsText(a.sessions_checked)}, ${a.audio_chunks_checked} chunks`],
    ['delay', delayLine(a)], ['returned', returnedLine(a)],
  ].map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('');
  const table = `<table class="kv"><tbody>${rows}</tbody></table>`;
  return (a.waveform ? waveformFigure(a.waveform) : '<p class="empty">No window with a measured delay to show.</p>') + table;
}
