/**
 * Reads the PCM out of a `processed_audio` reply frame without JSON-parsing it or building
 * strings: finds `"audio"`, then decodes the base64 bytes straight into 16-bit samples.
 */

const AUDIO_KEY = Buffer.from('"audio"');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const PAD = 0x3d;
/** Base64 character code → 6-bit value, 255 for anything else. */
const VALUE = new Uint8Array(256).fill(255);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => {
  VALUE[c.charCodeAt(0)] = i;
});

/** Where the base64 value of `"audio"` lies in the frame: [start, end), or null. */
function audioValue(frame: Buffer): [number, number] | null {
  const key = frame.indexOf(AUDIO_KEY);
  if (key < 0) return null;
  let i = key + AUDIO_KEY.length;
  while (i < frame.length && frame[i] !== QUOTE) {
    if (frame[i] !== 0x3a && frame[i] !== 0x20 && frame[i] !== 0x09 && frame[i] !== 0x0a && frame[i] !== 0x0d) return null;
    i++;
  }
  const start = i + 1;
  const end = frame.indexOf(QUOTE, start);
  if (end < 0) return null;
  // Base64 never contains a backslash; JSON may escape "/" as "\/", which this reader refuses.
  return frame.indexOf(BACKSLASH, start) >= 0 && frame.indexOf(BACKSLASH, start) < end ? null : [start, end];
}

/**
 * Decodes the returned audio into `out` (little-endian 16-bit samples). Returns the number of
 * samples the frame holds (which may exceed `out.length`: only what fits is written), or -1 when
 * the frame has no audio field or the field is not padded standard base64 of whole samples.
 */
export function decodeProcessedAudio(frame: Buffer, out: Int16Array): number {
  const span = audioValue(frame);
  if (!span) return -1;
  let [start, end] = span;
  if ((end - start) % 4 !== 0) return -1;
  let pad = 0;
  if (end > start && frame[end - 1] === PAD) pad++;
  if (end - 1 > start && frame[end - 2] === PAD) pad++;
  const bytes = ((end - start) / 4) * 3 - pad;
  if (bytes % 2 !== 0) return -1;
  end -= pad;
  let acc = 0;
  let bits = 0;
  let byteIndex = 0;
  let low = 0;
  for (let i = start; i < end; i++) {
    const v = VALUE[frame[i]];
    if (v === 255) return -1;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      const byte = (acc >> bits) & 0xff;
      if ((byteIndex & 1) === 0) low = byte;
      else if (byteIndex >> 1 < out.length) out[byteIndex >> 1] = (byte << 8) | low; // Int16Array wraps to signed
      byteIndex++;
    }
  }
  return bytes / 2;
}
