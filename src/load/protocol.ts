/**
 * The only file that knows the real-time wire format (protocol.md section 2).
 * Replies are classified from a few bytes of the frame: the large `processed_audio` echo
 * (~4.3 KB per chunk) is never JSON-parsed, which halves the client's cost per chunk.
 */

/** Builds audio_chunk frames from a precomputed base64 payload; only the timestamp varies. */
export function chunkFramePrefix(base64: string): string {
  return `{"type":"audio_chunk","data":"${base64}","timestamp":`;
}

export function audioChunkFrame(prefix: string, timestampMs: number): string {
  return `${prefix}${Math.round(timestampMs)}}`;
}

const TS_DIGITS = 13; // Date.now() in ms has 13 digits until the year 2286.

/**
 * The audio_chunk frames of a run, one per distinct chunk, as reusable byte templates: sending
 * writes the timestamp digits in place, so a send allocates nothing on the JS heap (building a
 * 4.3 KB string per chunk showed up as garbage-collection time). `ws` copies the bytes while
 * masking, synchronously when permessage-deflate is off; with deflate, use `text()`.
 */
export class ChunkFrames {
  private readonly templates: Buffer[];
  private readonly prefixes: string[];

  constructor(base64Chunks: readonly string[]) {
    this.prefixes = base64Chunks.map(chunkFramePrefix);
    this.templates = this.prefixes.map((p) => Buffer.from(`${p}${'0'.repeat(TS_DIGITS)}}`, 'latin1'));
  }

  get count(): number {
    return this.templates.length;
  }

  /** Chunk `seq`'s frame bytes with `timestampMs`; valid until the next call (send it at once). */
  bytes(seq: number, timestampMs: number): Buffer {
    const t = this.templates[seq % this.templates.length];
    let v = Math.round(timestampMs);
    for (let i = t.length - 2; i >= t.length - 1 - TS_DIGITS; i--) {
      t[i] = 0x30 + (v % 10);
      v = Math.floor(v / 10);
    }
    return t;
  }

  /** The same frame as a string (for sends that may be queued, e.g. with permessage-deflate). */
  text(seq: number, timestampMs: number): string {
    return audioChunkFrame(this.prefixes[seq % this.prefixes.length], timestampMs);
  }
}

export function updateStageFrame(stageId: string, parameters: Record<string, unknown>): string {
  return JSON.stringify({ type: 'update_stage', stage_id: stageId, parameters });
}

export const PING_FRAME = '{"type":"ping"}';

export type Reply =
  | { type: 'processed_audio' }
  | { type: 'metrics'; totalLatencyMs: number | null; chunksProcessed: number | null }
  | { type: 'error'; message: string }
  | { type: 'pong' }
  | { type: 'config_updated'; stageId: string | null; success: boolean }
  | { type: 'other'; name: string }
  | { type: 'garbage'; reason: string };

const TYPE_KEY = Buffer.from('"type"');
const PROCESSED = Buffer.from('processed_audio');
const PEEK = 64;
const QUOTE = 0x22;

/** Where `"type"` starts, looking only at the first or last bytes of the frame. */
function findTypeKey(buf: Buffer): number {
  const head = buf.indexOf(TYPE_KEY);
  if (head >= 0 && head < PEEK) return head;
  if (buf.length <= PEEK) return -1;
  const base = buf.length - PEEK;
  const tail = buf.indexOf(TYPE_KEY, base);
  return tail;
}

/** True when the frame's `"type"` value is exactly "processed_audio", checked byte by byte. */
function isProcessedAudio(buf: Buffer): boolean {
  const at = findTypeKey(buf);
  if (at < 0) return buf.length > 1024 && buf.includes(PROCESSED);
  let i = at + TYPE_KEY.length;
  while (i < buf.length && buf[i] !== QUOTE) i++; // skip `:` and spaces
  i++;
  if (i + PROCESSED.length >= buf.length || buf[i + PROCESSED.length] !== QUOTE) return false;
  return buf.compare(PROCESSED, 0, PROCESSED.length, i, i + PROCESSED.length) === 0;
}

const PROCESSED_AUDIO: Reply = Object.freeze({ type: 'processed_audio' });

/**
 * Classify one text frame from the server. Never throws. (Small replies are JSON.parsed: reading
 * a metrics reply's fields byte by byte in JS measured ~1.5× slower than V8's parser.)
 */
export function classifyReply(data: Buffer): Reply {
  if (isProcessedAudio(data)) return PROCESSED_AUDIO;
  let msg: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(data.toString('utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return { type: 'garbage', reason: 'frame is JSON but not an object' };
    }
    msg = parsed as Record<string, unknown>;
  } catch {
    return { type: 'garbage', reason: `not JSON: ${preview(data)}` };
  }
  return fromObject(msg);
}

function fromObject(msg: Record<string, unknown>): Reply {
  switch (msg.type) {
    case 'processed_audio':
      return { type: 'processed_audio' };
    case 'metrics': {
      const m = (msg.metrics ?? {}) as Record<string, unknown>;
      return {
        type: 'metrics',
        totalLatencyMs: typeof m.total_latency === 'number' ? m.total_latency : null,
        chunksProcessed: typeof m.chunks_processed === 'number' ? m.chunks_processed : null,
      };
    }
    case 'error':
      return { type: 'error', message: typeof msg.error === 'string' ? msg.error : JSON.stringify(msg.error ?? msg) };
    case 'pong':
      return { type: 'pong' };
    case 'config_updated':
      return {
        type: 'config_updated',
        stageId: typeof msg.stage_id === 'string' ? msg.stage_id : null,
        success: msg.success !== false,
      };
    default:
      return typeof msg.type === 'string'
        ? { type: 'other', name: msg.type }
        : { type: 'garbage', reason: 'JSON object without a string "type"' };
  }
}

function preview(data: Buffer): string {
  const s = data.toString('utf8', 0, Math.min(60, data.length)).replace(/\s+/g, ' ');
  return data.length > 60 ? `${s}…` : s;
}

/** Error kind for an `error` reply: its text up to the first colon, so counts group sensibly. */
export function errorKind(message: string): string {
  const head = message.split(':')[0].trim();
  return head.length > 0 && head.length <= 60 ? head : 'server error';
}

/**
 * Full parsing, for conversations where correctness matters more than the client's cost per
 * frame (the checks, `latency`): a reply as a JSON object, or what made it something else.
 */
export type Frame = Record<string, unknown> & { type: string };

/** The audio_chunk frame of one base64 payload, as text. */
export function audioChunkText(base64: string, timestampMs: number): string {
  return audioChunkFrame(chunkFramePrefix(base64), timestampMs);
}

/** `metrics.<key>` of a metrics reply as a number, or null. */
export function metricsNumber(metricsFrame: Frame, key: string): number | null {
  const v = (metricsFrame.metrics as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function parseFrame(data: Buffer, isBinary: boolean): Frame {
  if (isBinary) return { type: '(binary)', bytes: data.length };
  try {
    const v: unknown = JSON.parse(data.toString('utf8'));
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return { ...o, type: typeof o.type === 'string' ? o.type : '(no type)' };
    }
  } catch {
    // fall through: not JSON
  }
  return { type: '(not JSON)', text: data.toString('utf8', 0, Math.min(data.length, 80)) };
}

/** A frame as a report shows it: `error "Stage eq not found"`, `metrics (chunks_processed 3)`. */
export function describeFrame(f: Frame): string {
  switch (f.type) {
    case 'error':
      return `error ${JSON.stringify(String(f.error ?? ''))}`;
    case 'metrics': {
      const m = (f.metrics ?? {}) as Record<string, unknown>;
      return `metrics (chunks_processed ${String(m.chunks_processed)}, total_latency ${String(m.total_latency)})`;
    }
    case 'processed_audio':
      return `processed_audio (${typeof f.audio === 'string' ? `${f.audio.length} base64 chars` : 'no audio'})`;
    case '(not JSON)':
      return `a frame that is not JSON: ${JSON.stringify(f.text)}`;
    case '(binary)':
      return `a binary frame of ${String(f.bytes)} bytes`;
    default: {
      const text = JSON.stringify(f);
      return text.length > 100 ? `${text.slice(0, 100)}…` : text;
    }
  }
}
