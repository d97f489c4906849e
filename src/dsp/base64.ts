/**
 * Strict base64 <-> PCM for the wire format (protocol.md: raw little-endian int16, standard
 * alphabet, padded). Node's own decoder skips junk silently, so validation is done here first;
 * it runs on every 100 ms chunk, hence one table-driven pass and no regular expressions.
 */
import { DspConfigError } from './types.js';

/** 1 for characters of the standard alphabet (without '='), 0 otherwise. */
const ALPHABET = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') {
  ALPHABET[c.charCodeAt(0)] = 1;
}
const PAD = 61; // '='
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The reason `b64` is not strict padded standard base64, or undefined when it is. */
function base64Problem(b64: string): string | undefined {
  const len = b64.length;
  if (len % 4 !== 0) return `length ${len} is not a multiple of 4`;
  let end = len;
  if (end > 0 && b64.charCodeAt(end - 1) === PAD) end--;
  if (end > 0 && b64.charCodeAt(end - 1) === PAD) end--;
  for (let i = 0; i < end; i++) {
    const c = b64.charCodeAt(i);
    if (c >= 128 || ALPHABET[c] === 0) {
      return `character ${JSON.stringify(b64[i])} at position ${i} is not in the standard alphabet`;
    }
  }
  return undefined;
}

/**
 * Decodes base64 PCM (signed 16-bit little-endian) into samples.
 * Throws DspConfigError with the original server's wording: `Invalid base64-encoded string: ...`
 * or `buffer size must be a multiple of element size` for an odd byte count.
 */
export function pcmFromBase64(b64: string, field = 'data'): Int16Array {
  if (typeof b64 !== 'string') throw new DspConfigError(field, 'Invalid base64-encoded string: not a string');
  const problem = base64Problem(b64);
  if (problem) throw new DspConfigError(field, `Invalid base64-encoded string: ${problem}`);
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length % 2 !== 0) throw new DspConfigError(field, 'buffer size must be a multiple of element size');
  // Copy: a pooled Buffer may sit at an odd offset, which an Int16Array view cannot.
  const pcm = new Int16Array(bytes.length / 2);
  new Uint8Array(pcm.buffer).set(bytes);
  if (!LITTLE_ENDIAN) swapBytes(pcm);
  return pcm;
}

/** Encodes samples as base64 of signed 16-bit little-endian PCM. */
export function pcmToBase64(pcm: Int16Array): string {
  if (LITTLE_ENDIAN) return Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength).toString('base64');
  const copy = pcm.slice();
  swapBytes(copy);
  return Buffer.from(copy.buffer).toString('base64');
}

function swapBytes(pcm: Int16Array): void {
  for (let i = 0; i < pcm.length; i++) pcm[i] = ((pcm[i] & 0xff) << 8) | ((pcm[i] >> 8) & 0xff);
}
