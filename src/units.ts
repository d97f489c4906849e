/** Parsing of human units used on the command line and in profiles, and how counts read. Pure. */

/** `1 session`, `2 sessions`: every message that counts sessions says it this way. */
export const sessionsText = (n: number | string | null | undefined) => `${String(n)} session${n === 1 || n === '1' ? '' : 's'}`;

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parse a duration such as `500ms`, `90s`, `2m`, `1m30s` or `1.5s` into milliseconds.
 * A bare number is rejected (ambiguous) unless `bareUnit` says what it means.
 * Returns undefined when the text is not a duration.
 */
export function parseDurationMs(text: string | number, bareUnit?: 'ms' | 's'): number | undefined {
  if (typeof text === 'number') {
    if (!bareUnit || !Number.isFinite(text) || text < 0) return undefined;
    return text * DURATION_UNITS[bareUnit];
  }
  const s = text.trim();
  if (s === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(s)) return bareUnit ? Number(s) * DURATION_UNITS[bareUnit] : undefined;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    matched = re.lastIndex;
  }
  return matched === s.length ? total : undefined;
}

/** A number as people write it in decimal (`10`, `-3`, `0.5`, `.5`): not `0x10`, `1e3` or ``. NaN otherwise. */
export function parseDecimal(v: unknown): number {
  if (typeof v === 'number') return v;
  return typeof v === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)$/.test(v.trim()) ? Number(v) : NaN;
}

/**
 * The longest duration any flag or profile option takes: 7 days. Node's timers cannot wait
 * longer than 2^31-1 ms (about 596.5 h: beyond that they fire at once), and a week is already
 * far past any run this tool is for.
 */
export const MAX_DURATION_MS = 7 * 24 * 3_600_000;

/** The problem with a parsed duration that is longer than MAX_DURATION_MS, or undefined. */
export function durationTooLong(what: string, text: unknown, ms: number): string | undefined {
  if (ms <= MAX_DURATION_MS) return undefined;
  return `${what}: "${String(text)}" is longer than 168h (7 days), the longest duration pipebench takes; write e.g. 30m or 24h`;
}

/** Format milliseconds for people: `850ms`, `12.5s`, `2m`, `1m30s`. */
export function formatDurationMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(2)}s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return s ? `${m}m${s}s` : `${m}m`;
}
