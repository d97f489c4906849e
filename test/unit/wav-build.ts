/** Builders of WAV files byte by byte, for reader tests. */

/** Builds a RIFF file from chunks, adding the pad byte after odd-sized ones. */
export function riff(chunks: [string, Uint8Array][]): Uint8Array {
  const parts: number[] = [...Buffer.from('WAVE')];
  for (const [id, body] of chunks) {
    const size = Buffer.alloc(4);
    size.writeUInt32LE(body.length);
    parts.push(...Buffer.from(id), ...size, ...body);
    if (body.length % 2) parts.push(0);
  }
  const head = Buffer.alloc(8);
  head.write('RIFF');
  head.writeUInt32LE(parts.length, 4);
  return Uint8Array.from([...head, ...parts]);
}

export function fmtChunk(format: number, channels: number, rate: number, bits: number, extensible = false): Uint8Array {
  const b = Buffer.alloc(extensible ? 40 : 16);
  const block = (channels * bits) / 8;
  b.writeUInt16LE(extensible ? 0xfffe : format, 0);
  b.writeUInt16LE(channels, 2);
  b.writeUInt32LE(rate, 4);
  b.writeUInt32LE(rate * block, 8);
  b.writeUInt16LE(block, 12);
  b.writeUInt16LE(bits, 14);
  if (extensible) {
    b.writeUInt16LE(22, 16);
    b.writeUInt16LE(bits, 18);
    b.writeUInt16LE(format, 24); // first two bytes of the sub-format GUID
  }
  return b;
}

