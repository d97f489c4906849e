/**
 * Prints the resampler's measured quality: level change and residual of a 1 kHz tone, and the
 * level of tones above the output Nyquist frequency after conversion (aliasing), plus its speed.
 * Run: npx tsc -p . && node dist/bench/resampler-quality.js
 */
import { resample } from '../src/audio/resample.js';
import { levelDb, sine, toneSnrDb } from '../src/dsp/signals.js';

const middle = (x: Float64Array) => x.subarray(Math.floor(x.length / 8), x.length - Math.floor(x.length / 8));

console.log('from → to        1 kHz level change   1 kHz fit residual   worst alias (tone)        ms per input second');
for (const [from, to] of [[44100, 16000], [48000, 16000], [22050, 16000], [8000, 16000], [16000, 48000], [44100, 16001]]) {
  const x = sine(from, 1000, from, 0.5);
  const t = performance.now();
  const y = resample(x, from, to);
  const ms = performance.now() - t;
  const change = levelDb(middle(y)) - levelDb(middle(x));
  const residual = toneSnrDb(middle(y), 1000, to);
  let worst = -Infinity;
  let worstHz = 0;
  const nyq = Math.min(from, to) / 2;
  for (let hz = nyq; hz < from / 2; hz += 250) {
    const a = sine(from, hz, from, 0.5);
    const rel = levelDb(middle(resample(a, from, to))) - levelDb(middle(a));
    if (rel > worst) [worst, worstHz] = [rel, hz];
  }
  const alias = worstHz ? `${worst.toFixed(1)} dB (${worstHz} Hz)` : 'n/a (upsampling)';
  console.log(`${`${from} → ${to}`.padEnd(17)}${`${change.toFixed(4)} dB`.padEnd(21)}${`-${residual.toFixed(1)} dB`.padEnd(21)}${alias.padEnd(26)}${ms.toFixed(1)}`);
}
