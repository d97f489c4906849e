/**
 * Streaming STFT with overlap-add: sqrt-Hann analysis and synthesis windows at 50 % overlap, whose
 * product (a periodic Hann) sums to exactly 1, so an untouched spectrum reconstructs the input
 * exactly, delayed by `size` samples. Input may arrive in chunks of any length.
 */
import { RealFft } from './fft.js';

/** Edits one frame's spectrum (bins 0..size/2) in place. */
export type SpectrumEditor = (re: Float64Array, im: Float64Array) => void;

/** FFT size for a sample rate: the power of two nearest to 32 ms on a log scale (256 at 8 kHz, 512 at 16 kHz, 1024 at 44.1 kHz, 2048 at 48 kHz). */
export function stftSizeFor(sampleRate: number): number {
  return 2 ** Math.round(Math.log2(0.032 * sampleRate));
}

/** Overlap-add processor; state (input history and output tail) persists across calls. */
export class StreamingStft {
  readonly size: number;
  readonly hop: number;
  /** Delay from input to output, samples. */
  readonly latencySamples: number;
  private readonly fft: RealFft;
  private readonly window: Float64Array;
  private readonly input: Float64Array;
  private readonly overlap: Float64Array;
  private readonly frame: Float64Array;
  private fill = 0;

  constructor(
    size: number,
    private readonly edit: SpectrumEditor,
  ) {
    this.size = size;
    this.hop = size / 2;
    this.latencySamples = size;
    this.fft = new RealFft(size);
    this.window = new Float64Array(size);
    for (let i = 0; i < size; i++) this.window[i] = Math.sqrt(0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size));
    this.input = new Float64Array(size);
    this.overlap = new Float64Array(size);
    this.frame = new Float64Array(size);
  }

  /** Processes the first `n` samples of `x` in place (output delayed by `latencySamples`). */
  process(x: Float64Array, n: number): void {
    const { hop, input, overlap } = this;
    const base = this.size - hop;
    for (let i = 0; i < n; ) {
      const take = Math.min(hop - this.fill, n - i);
      // New input joins the frame being gathered; finished output leaves in its place.
      input.set(x.subarray(i, i + take), base + this.fill);
      x.set(overlap.subarray(this.fill, this.fill + take), i);
      this.fill += take;
      i += take;
      if (this.fill === hop) {
        this.fill = 0;
        this.processFrame();
      }
    }
  }

  private processFrame(): void {
    const { size, hop, input, overlap, frame, window, fft } = this;
    for (let i = 0; i < size; i++) frame[i] = input[i] * window[i];
    fft.forward(frame);
    this.edit(fft.re, fft.im);
    fft.inverse(frame);
    overlap.copyWithin(0, hop);
    overlap.fill(0, size - hop);
    for (let i = 0; i < size; i++) overlap[i] += frame[i] * window[i];
    input.copyWithin(0, hop);
  }
}
