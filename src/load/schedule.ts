/**
 * Timing math for the load generator, all pure. Times are milliseconds on one monotonic clock.
 * A session's chunk k is due at `streamStart + k * chunkMs`; nothing is re-armed relative to the
 * previous send, so lateness never turns into drift.
 */

/** Offset of session i within one chunk period, spreading n sessions evenly. */
export function phaseOffsetMs(i: number, n: number, chunkMs: number): number {
  return n <= 1 ? 0 : (i * chunkMs) / n;
}

/** Delay of session i's start during a ramp-up of rampUpMs (session 0 starts at once). */
export function rampDelayMs(i: number, n: number, rampUpMs: number): number {
  return n <= 1 || rampUpMs <= 0 ? 0 : (i * rampUpMs) / n;
}

/** Due time of chunk `seq` of a session whose stream starts at `streamStart`. */
export function dueMs(streamStart: number, seq: number, chunkMs: number): number {
  return streamStart + seq * chunkMs;
}

/**
 * First moment at or after `readyAt` that lies on session i's phase grid
 * (`t0 + offset + k * chunkMs`), so sessions that connect at different moments stay evenly spread.
 */
export function alignToPhase(readyAt: number, t0: number, offsetMs: number, chunkMs: number): number {
  const base = t0 + offsetMs;
  if (readyAt <= base) return base;
  const k = Math.ceil((readyAt - base) / chunkMs - 1e-9);
  return base + k * chunkMs;
}

/** Sequence number of the next chunk due at or after `now`. */
export function nextSeqAt(now: number, streamStart: number, chunkMs: number): number {
  return Math.max(0, Math.ceil((now - streamStart) / chunkMs - 1e-9));
}

/** Reconnect backoff: 100 ms doubling to a 2 s ceiling. */
export function backoffMs(attempt: number, baseMs = 100, maxMs = 2000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
}

/** The run's phases, relative to t0: sessions start during ramp-up, warmup follows, then the measured window. */
export interface RunWindow {
  measureStartMs: number;
  endMs: number;
}

export function runWindow(t0: number, rampUpMs: number, warmupMs: number, durationMs: number): RunWindow {
  const measureStartMs = t0 + rampUpMs + warmupMs;
  return { measureStartMs, endMs: measureStartMs + durationMs };
}

/**
 * The sessions one run owns out of a global plan (a shard on another machine, a worker on another
 * core). Each session keeps its global index, so its phase offset and ramp delay are those of the
 * global plan, and the slices of a plan together are exactly that plan.
 */
export interface SessionSlice {
  /** Sessions in the global plan: offsets and ramp delays are spread over this many. */
  readonly total: number;
  /** Global indices this run owns, ascending, each in [0, total). */
  readonly indices: readonly number[];
}

/** The whole plan as one slice. */
export function wholeSlice(total: number): SessionSlice {
  return { total, indices: Array.from({ length: total }, (_, i) => i) };
}

/** Part `part` (0-based) of `parts`, by stride: indices part, part + parts, part + 2·parts, … below total. */
export function strideSlice(total: number, part: number, parts: number): SessionSlice {
  const indices: number[] = [];
  for (let i = part; i < total; i += parts) indices.push(i);
  return { total, indices };
}

/** When and where in the chunk period one session of a slice starts. */
export interface SessionStart {
  /** Global index (session names and create payloads carry it). */
  index: number;
  offsetMs: number;
  rampDelayMs: number;
}

/** Start offsets of a slice's sessions, each computed from its global index against the global count. */
export function sliceStarts(slice: SessionSlice, chunkMs: number, rampUpMs: number): SessionStart[] {
  return slice.indices.map((index) => ({
    index,
    offsetMs: phaseOffsetMs(index, slice.total, chunkMs),
    rampDelayMs: rampDelayMs(index, slice.total, rampUpMs),
  }));
}
