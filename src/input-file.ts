/**
 * Reading the small text files a user names (profiles, pipelines, CA certificates, header
 * files): only regular files, of bounded size, so `/dev/zero` or a directory is a clear problem
 * instead of a hang; a UTF-8 byte-order mark is dropped, as editors add one unseen. Also the
 * nesting bound for JSON read from them, so a pathological document is bad input, not a crash.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Input files larger than this are refused: a profile or pipeline is a few kB. */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024;

/** Objects and arrays nested deeper than this are refused. */
export const MAX_JSON_DEPTH = 64;

/** The file's text (BOM removed), or a problem saying what is wrong with "it" (the caller names the flag and path). */
export function readInputText(path: string): { text: string; problem?: undefined } | { text?: undefined; problem: string } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    return { problem: `cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { problem: 'it is a directory; give a file' };
    if (!st.isFile()) return { problem: 'it is not a regular file (a device, pipe or socket); give a file' };
    if (st.size > MAX_INPUT_BYTES) return { problem: `it is ${st.size} bytes; at most ${MAX_INPUT_BYTES} bytes are read` };
    const buf = Buffer.alloc(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, buf, got, st.size - got, got);
      if (n === 0) break;
      got += n;
    }
    const text = buf.subarray(0, got).toString('utf8');
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch (err) {
    return { problem: `cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  } finally {
    closeSync(fd);
  }
}

/**
 * How deep `value` nests objects and arrays, counted without recursion and stopping once past
 * `limit` (so the answer is at most limit + 1).
 */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const d = depth + 1;
    if (d > deepest) deepest = d;
    if (deepest > limit) return deepest;
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, d]);
  }
  return deepest;
}

/**
 * JSON.parse for user input: a problem instead of an exception, for bad syntax, for nesting
 * deeper than MAX_JSON_DEPTH, and for a document so deep that the parser itself gives up.
 */
export function parseInputJson(text: string): { value: unknown; problem?: undefined } | { value?: undefined; problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    if (err instanceof RangeError) return { problem: `nested too deeply (more than ${MAX_JSON_DEPTH} levels)` };
    return { problem: `invalid JSON: ${(err as Error).message}` };
  }
  if (jsonDepth(value) > MAX_JSON_DEPTH) return { problem: `nested too deeply (more than ${MAX_JSON_DEPTH} levels)` };
  return { value };
}
