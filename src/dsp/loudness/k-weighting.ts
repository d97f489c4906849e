/**
 * ITU-R BS.1770-4 K-weighting for any sample rate: the two analog prototypes (high shelf for the
 * head, RLB high-pass) mapped through the bilinear transform, as libebur128 and pyloudnorm do.
 */
import { type Biquad } from '../biquad.js';

/** Prototype parameters of the shelf (head effect). */
const SHELF = { f0: 1681.974450955533, gainDb: 3.999843853973347, q: 0.7071752369554196 };
/** Prototype parameters of the RLB high-pass. */
const HIGH_PASS = { f0: 38.13547087602444, q: 0.5003270373238773 };
/** Ratio of the shelf's band-edge to its full gain exponent in the prototype (libebur128). */
const SHELF_VB_EXPONENT = 0.4996667741545416;

/** The shelf section of the K-weighting filter at `sampleRate`. */
export function kShelf(sampleRate: number): Biquad {
  const K = Math.tan((Math.PI * SHELF.f0) / sampleRate);
  const Vh = 10 ** (SHELF.gainDb / 20);
  const Vb = Vh ** SHELF_VB_EXPONENT;
  const a0 = 1 + K / SHELF.q + K * K;
  return {
    b0: (Vh + (Vb * K) / SHELF.q + K * K) / a0,
    b1: (2 * (K * K - Vh)) / a0,
    b2: (Vh - (Vb * K) / SHELF.q + K * K) / a0,
    a1: (2 * (K * K - 1)) / a0,
    a2: (1 - K / SHELF.q + K * K) / a0,
  };
}

/** The RLB high-pass section of the K-weighting filter at `sampleRate` (numerator 1, -2, 1 as published). */
export function kHighPass(sampleRate: number): Biquad {
  const K = Math.tan((Math.PI * HIGH_PASS.f0) / sampleRate);
  const a0 = 1 + K / HIGH_PASS.q + K * K;
  return {
    b0: 1,
    b1: -2,
    b2: 1,
    a1: (2 * (K * K - 1)) / a0,
    a2: (1 - K / HIGH_PASS.q + K * K) / a0,
  };
}

/** Both K-weighting sections, shelf first. */
export function kWeighting(sampleRate: number): Biquad[] {
  return [kShelf(sampleRate), kHighPass(sampleRate)];
}
