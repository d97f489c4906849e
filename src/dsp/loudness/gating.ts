/**
 * BS.1770-4 block loudness and gating, and EBU Tech 3342 loudness range, computed from the
 * K-weighted signal's energy per 100 ms sub-block (blocks are sums of consecutive sub-blocks).
 */

/** Absolute gate of BS.1770-4 and Tech 3342, LKFS. */
export const ABSOLUTE_GATE = -70;
const RELATIVE_GATE_INTEGRATED = -10;
const RELATIVE_GATE_LRA = -20;

/** Loudness in LKFS of a K-weighted mean square (mono, G = 1); -Infinity for 0. */
export function loudnessOf(meanSquare: number): number {
  return -0.691 + 10 * Math.log10(meanSquare);
}

/** Squared-sample sums of consecutive 100 ms sub-blocks; a trailing partial sub-block is dropped. */
export function subBlockEnergies(x: Float64Array, sampleRate: number): { sums: Float64Array; length: number } {
  const length = Math.max(1, Math.round(sampleRate / 10));
  const sums = new Float64Array(Math.floor(x.length / length));
  for (let b = 0; b < sums.length; b++) {
    let s = 0;
    for (let i = b * length; i < (b + 1) * length; i++) s += x[i] * x[i];
    sums[b] = s;
  }
  return { sums, length };
}

/**
 * Mean squares of windows of `width` sub-blocks stepped by one sub-block (100 ms).
 * Audio shorter than one window is measured as a single window over all of it, so that short
 * clips still get a reading instead of none.
 */
export function windowMeanSquares(x: Float64Array, sampleRate: number, width: number): number[] {
  const { sums, length } = subBlockEnergies(x, sampleRate);
  if (sums.length < width) {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i] * x[i];
    return x.length > 0 ? [s / x.length] : [];
  }
  const out: number[] = [];
  for (let b = width - 1; b < sums.length; b++) {
    let acc = 0;
    for (let j = b - width + 1; j <= b; j++) acc += sums[j];
    out.push(acc / (width * length));
  }
  return out;
}

function gatedMean(meanSquares: readonly number[], threshold: number): number {
  let sum = 0;
  let count = 0;
  for (const z of meanSquares) {
    if (loudnessOf(z) > threshold) {
      sum += z;
      count++;
    }
  }
  return count > 0 ? sum / count : 0;
}

/** Integrated loudness (absolute gate -70, relative gate -10 LU) of 400 ms block mean squares; null if all gated. */
export function integratedLoudness(blocks: readonly number[]): number | null {
  const ungated = gatedMean(blocks, ABSOLUTE_GATE);
  if (ungated === 0) return null;
  const relative = Math.max(ABSOLUTE_GATE, loudnessOf(ungated) + RELATIVE_GATE_INTEGRATED);
  const gated = gatedMean(blocks, relative);
  return gated > 0 ? loudnessOf(gated) : null;
}

/** Loudness range (EBU Tech 3342) of 3 s short-term mean squares: P95 - P10 after gating, LU. */
export function loudnessRange(shortTerm: readonly number[]): number {
  const ungated = gatedMean(shortTerm, ABSOLUTE_GATE);
  if (ungated === 0) return 0;
  const relative = Math.max(ABSOLUTE_GATE, loudnessOf(ungated) + RELATIVE_GATE_LRA);
  const kept = shortTerm
    .map(loudnessOf)
    .filter((l) => l > relative)
    .sort((a, b) => a - b);
  if (kept.length < 2) return 0;
  const at = (p: number) => kept[Math.round((kept.length - 1) * p)];
  return at(0.95) - at(0.1);
}

/** The largest loudness among windows; null when there are none or all are silent. */
export function maxLoudness(windows: readonly number[]): number | null {
  let best = 0;
  for (const z of windows) if (z > best) best = z;
  return best > 0 ? loudnessOf(best) : null;
}
