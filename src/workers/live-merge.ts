/**
 * --abort-on-fail with workers: every second each worker sends its live summary, whole timeline
 * included, and the main thread merges them. A second of the timeline stops changing once its
 * chunks have settled, so its merge is kept and reused while every worker's point for it is the
 * same as last time: each round decodes the histograms of the few seconds that changed, not of the
 * whole run (which grew with the run's length: ~0.4 s per round at 64 workers one minute in).
 * The result is exactly mergeMeasurements' (tested side by side).
 */
import { mergeMeasurements } from '../merge/merge.js';
import { mergeTimelines } from '../merge/timeline.js';
import type { Summary, TimelinePoint } from '../measure/types.js';

const same = (a: TimelinePoint, b: TimelinePoint) =>
  a.chunks_sent === b.chunks_sent && a.chunks_acked === b.chunks_acked && a.errors === b.errors &&
  a.sessions_open === b.sessions_open && a.hdr === b.hdr && a.p99_ms === b.p99_ms;

/** A second no input has: what the one merge makes of it. */
const empty = (t: number): TimelinePoint => ({
  t_s: t, chunks_sent: 0, chunks_acked: 0, errors: 0, errors_by_kind: {}, p50_ms: null, p95_ms: null, p99_ms: null, sessions_open: 0,
});

export class LiveMerge {
  private readonly seconds = new Map<number, { inputs: TimelinePoint[]; merged: TimelinePoint }>();
  /** Seconds merged afresh in the last call (for the bench and tests). */
  remerged = 0;

  /** The workers' live summaries as one (histograms added), as mergeMeasurements makes it. */
  merge(parts: readonly Summary[]): Summary {
    const rest = mergeMeasurements(parts.map((p) => ({ ...p, timeline: [] })), { globalSessionIndices: true }).summary;
    return { ...rest, timeline: this.timeline(parts.map((p) => p.timeline)) };
  }

  private timeline(timelines: ReadonlyArray<readonly TimelinePoint[]>): TimelinePoint[] {
    const bySecond = new Map<number, TimelinePoint[]>();
    for (const timeline of timelines) {
      for (const p of timeline) {
        const at = bySecond.get(p.t_s);
        if (at) at.push(p);
        else bySecond.set(p.t_s, [p]);
      }
    }
    this.remerged = 0;
    if (bySecond.size === 0) return [];
    const seconds = [...bySecond.keys()];
    const out: TimelinePoint[] = [];
    for (let t = Math.min(...seconds); t <= Math.max(...seconds); t++) {
      const inputs = bySecond.get(t);
      if (!inputs) {
        out.push(empty(t));
        continue;
      }
      const kept = this.seconds.get(t);
      if (kept && kept.inputs.length === inputs.length && kept.inputs.every((p, i) => same(p, inputs[i]))) {
        out.push(kept.merged);
        continue;
      }
      const merged = mergeTimelines(inputs.map((p) => [p]), inputs.map(() => 0))[0];
      this.seconds.set(t, { inputs, merged });
      this.remerged++;
      out.push(merged);
    }
    return out;
  }
}
