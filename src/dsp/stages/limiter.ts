/**
 * limiter: lookahead peak limiter. The signal is delayed by the lookahead; the gain each output
 * sample needs is the minimum over the lookahead window of ceiling/|x| (a sliding minimum), given
 * a release, then averaged over the same window so the attack is a ramp. The average of values
 * that are all ≤ the need of the sample leaving the delay line is ≤ that need, so the output
 * never exceeds the ceiling; a final clamp only absorbs floating-point rounding.
 */
import { type Params, num } from '../params.js';
import { dbToLin } from '../pcm.js';
import { type StageDefinition, type StageKernel } from './stage.js';

class LookaheadLimiter implements StageKernel {
  latencySamples = 0;
  private ceiling = 1;
  private release = 0;
  private window = 1;
  private delay = new Float64Array(1);
  private box = new Float64Array(1);
  private boxSum = 1;
  private held = 1;
  private dqIndex = new Float64Array(1);
  private dqValue = new Float64Array(1);
  private head = 0;
  private tail = 0;
  private t = 0;
  private maxReductionDb = 0;

  constructor(
    params: Params,
    private readonly sampleRate: number,
  ) {
    this.configure(params);
  }

  configure(p: Params): void {
    this.ceiling = dbToLin(p.threshold as number);
    this.release = Math.exp(-1 / ((p.release as number) * this.sampleRate));
    const lookahead = Math.round((p.lookahead as number) * this.sampleRate);
    if (lookahead + 1 !== this.window) this.resize(lookahead);
  }

  /** New lookahead: the delay line and window restart (a lookahead change is rare and audible anyway). */
  private resize(lookahead: number): void {
    this.latencySamples = lookahead;
    this.window = lookahead + 1;
    this.delay = new Float64Array(Math.max(1, lookahead));
    this.box = new Float64Array(this.window).fill(1);
    this.boxSum = this.window;
    this.dqIndex = new Float64Array(this.window);
    this.dqValue = new Float64Array(this.window);
    this.head = this.tail = 0;
  }

  process(x: Float64Array, n: number): void {
    const w = this.window, ceiling = this.ceiling, rel = this.release;
    const { box, delay, dqIndex, dqValue } = this;
    let { head, tail, t, held, boxSum } = this;
    let pos = t % w, dpos = w > 1 ? t % (w - 1) : 0;
    let minGain = 1;
    for (let i = 0; i < n; i++) {
      const v = x[i];
      const a = v < 0 ? -v : v;
      const need = a > ceiling ? ceiling / a : 1;
      // Sliding minimum of `need` over the window: a monotonic deque in ring buffers.
      while (tail > head && dqValue[(tail - 1) % w] >= need) tail--;
      dqIndex[tail % w] = t;
      dqValue[tail % w] = need;
      tail++;
      if (dqIndex[head % w] <= t - w) head++;
      const h = dqValue[head % w];
      held = h < held ? h : rel * held + (1 - rel) * h;
      boxSum += held - box[pos];
      box[pos] = held;
      // Re-sum once per window so the running sum cannot drift.
      if (pos === w - 1) boxSum = box.reduce((s, b) => s + b, 0);
      const g = boxSum / w;
      let y = v * g;
      if (w > 1) {
        // Exactly lookahead (= window - 1) samples of delay, so the window covers the leaving sample.
        y = delay[dpos] * g;
        delay[dpos] = v;
        if (++dpos === w - 1) dpos = 0;
      }
      x[i] = y > ceiling ? ceiling : y < -ceiling ? -ceiling : y;
      if (g < minGain) minGain = g;
      t++;
      if (++pos === w) pos = 0;
    }
    this.head = head;
    this.tail = tail;
    this.t = t;
    this.held = held;
    this.boxSum = boxSum;
    this.maxReductionDb = -20 * Math.log10(minGain);
  }

  details(): Record<string, unknown> {
    return { max_gain_reduction_db: this.maxReductionDb };
  }
}

/** Lookahead peak limiter whose output never exceeds `threshold` dBFS. */
export const limiter: StageDefinition = {
  description: 'Lookahead peak limiter: sliding-minimum gain over the lookahead window, ramped attack, release; output never above threshold',
  params: {
    threshold: num(-0.1, -40, 0),
    release: num(0.05, 0.001, 5),
    lookahead: num(0.005, 0, 0.05),
  },
  create: (params, sampleRate) => new LookaheadLimiter(params, sampleRate),
};
