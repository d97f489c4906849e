/**
 * An incremental HTTP/1.1 response parser, pure (no sockets): fed the bytes as they arrive, in any
 * splits, it hands out each whole response. Framing: Content-Length, `Transfer-Encoding: chunked`
 * (extensions ignored, trailers skipped) or, with neither, the body runs to the end of the
 * connection (told by end()). No body for 1xx, 204, 304 or an answer to HEAD; 1xx interim answers
 * (100 Continue) are skipped. The body is kept as the Buffers it came in and decoded as UTF-8 once,
 * so a character split across reads survives.
 *
 * Malformed input throws an HttpParseError whose code is llhttp's (the parser of node:http), so a
 * report names a broken server the same way whichever client met it:
 *   HPE_INVALID_CONSTANT    the status line is not `HTTP/1.x`
 *   HPE_INVALID_STATUS      the status is not three digits
 *   HPE_INVALID_HEADER_TOKEN a header line without a name and a colon (or folded)
 *   HPE_INVALID_CONTENT_LENGTH Content-Length not a number, or two that differ
 *   HPE_UNEXPECTED_CONTENT_LENGTH Content-Length beside Transfer-Encoding
 *   HPE_INVALID_CHUNK_SIZE  a chunk size that is not hex, or a chunk not ended by CRLF
 *   HPE_HEADER_OVERFLOW     the status line and headers (or trailers) beyond MAX_HEAD_BYTES
 * After an error the parser is spent: the connection it read is to be destroyed.
 */

/** The status line and headers may take this many bytes (trailers too). */
export const MAX_HEAD_BYTES = 64 * 1024;
/** A chunk-size line (with its extensions) may take this many. */
const MAX_CHUNK_LINE = 4096;

export interface Http1Response {
  status: number;
  /** The body decoded as UTF-8. */
  text: string;
  /** The connection may carry the next request (HTTP/1.1 without `Connection: close`, body framed). */
  keepAlive: boolean;
  /**
   * How long the connection may idle, from the server's `Keep-Alive: timeout=N` less a second
   * (as node:http's Agent reads it, so that the client lets go first); 0 when not told.
   */
  idleMs: number;
}

export class HttpParseError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'HttpParseError';
  }
}

const enum State { Head, Length, ChunkSize, ChunkData, ChunkEnd, Trailers, ToEof, Done }

const CRLF = Buffer.from('\r\n');
const CRLFCRLF = Buffer.from('\r\n\r\n');
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: |$)/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A well-formed head: status line, then `name:value` lines (linear: a line cannot run past CRLF). */
const HEAD = /^HTTP\/1\.([01]) (\d{3})(?: [^\r\n]*)?(?:\r\n[!#$%&'*+\-.^_`|~0-9A-Za-z]+:[^\r\n]*)*$/;
/** The headers that frame the body or say how long the connection lasts. */
const FRAMING_HEADER = /\r\n(content-length|transfer-encoding|connection|keep-alive):([^\r\n]*)/gi;
const CLOSE = /(?:^|,)[ \t]*close[ \t]*(?:,|$)/i;
const KEEP_ALIVE = /(?:^|,)[ \t]*keep-alive[ \t]*(?:,|$)/i;

export class ResponseParser {
  /** The request being answered is a HEAD (its answer has no body); the caller sets it per request. */
  head = false;
  private state = State.Head;
  /** Bytes of an unfinished head, chunk-size line or trailer section. */
  private pending: Buffer | null = null;
  private status = 0;
  private keepAlive = true;
  private idleMs = 0;
  private remaining = 0;
  private body: Buffer[] = [];
  private bodyBytes = 0;
  private headBytes = 0;

  constructor(private readonly onResponse: (r: Http1Response) => void) {}

  /** Bytes of the current response have been read and it is not whole yet. */
  get midResponse(): boolean {
    return this.pending !== null || this.status !== 0;
  }

  /** Parse `chunk`; each response it completes goes to onResponse. Throws HttpParseError. */
  feed(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      switch (this.state) {
        case State.Head: at = this.readHead(chunk, at); break;
        case State.Length:
          at = this.take(chunk, at);
          if (this.remaining === 0) this.finish();
          break;
        case State.ChunkSize: at = this.readChunkSize(chunk, at); break;
        case State.ChunkData:
          at = this.take(chunk, at);
          if (this.remaining === 0) {
            this.state = State.ChunkEnd;
            this.remaining = 2;
          }
          break;
        case State.ChunkEnd:
          // The CRLF after a chunk's data, possibly split.
          if (chunk[at] !== CRLF[2 - this.remaining]) throw new HttpParseError('HPE_INVALID_CHUNK_SIZE', 'a chunk was not followed by CRLF');
          at++;
          if (--this.remaining === 0) this.state = State.ChunkSize;
          break;
        case State.Trailers: at = this.readTrailers(chunk, at); break;
        case State.ToEof:
          this.keep(chunk, at, chunk.length);
          at = chunk.length;
          break;
        case State.Done: return; // the connection ends here; anything after is not ours
      }
    }
  }

  /** The connection ended: completes a body read to EOF. Whether a response was cut short is `midResponse`. */
  end(): void {
    if (this.state === State.ToEof) this.finish();
  }

  /** Body bytes from `at`, up to the `remaining` ones of the length or chunk; where chunk resumes. */
  private take(chunk: Buffer, at: number): number {
    const n = Math.min(this.remaining, chunk.length - at);
    this.keep(chunk, at, at + n);
    this.remaining -= n;
    return at + n;
  }

  private keep(chunk: Buffer, from: number, to: number): void {
    if (to <= from) return;
    this.body.push(from === 0 && to === chunk.length ? chunk : chunk.subarray(from, to));
    this.bodyBytes += to - from;
  }

  /** Bytes up to the next `sep` (pending ones first), or null with the rest kept for the next feed. */
  private line(chunk: Buffer, at: number, sep: Buffer, limit: number, code: string, what: string): { text: string; next: number } | null {
    const prior = this.pending;
    const buf = prior ? Buffer.concat([prior, chunk.subarray(at)]) : chunk;
    const start = prior ? 0 : at;
    const from = prior ? Math.max(0, prior.length - sep.length + 1) : at;
    const end = buf.indexOf(sep, from);
    if (end < 0 || end - start > limit) {
      if (buf.length - start > limit) throw new HttpParseError(code, `${what} is longer than ${limit} bytes`);
      this.pending = Buffer.from(buf.subarray(start));
      return null;
    }
    this.pending = null;
    // Where `chunk` resumes: the bytes past the separator, counted in chunk's own offsets.
    const next = prior ? end + sep.length - prior.length + at : end + sep.length;
    return { text: buf.toString('latin1', start, end), next };
  }

  private readHead(chunk: Buffer, at: number): number {
    const got = this.line(chunk, at, CRLFCRLF, MAX_HEAD_BYTES - this.headBytes, 'HPE_HEADER_OVERFLOW', 'the status line and headers');
    if (!got) return chunk.length;
    const text = got.text;
    // One native match checks the whole head; only a malformed one is looked at line by line.
    const m = HEAD.exec(text) ?? headProblem(text);
    const status = Number(m[2]);
    if (status < 100) throw new HttpParseError('HPE_INVALID_STATUS', `invalid status ${m[2]}`);
    let length = -1;
    let chunked = false;
    let encoded = false;
    let connection = '';
    let idleMs = Infinity;
    FRAMING_HEADER.lastIndex = 0;
    for (let f = FRAMING_HEADER.exec(text); f !== null; f = FRAMING_HEADER.exec(text)) {
      const name = f[1].toLowerCase();
      const value = f[2].trim();
      if (name === 'content-length') length = contentLength(value, length);
      else if (name === 'transfer-encoding') {
        encoded = true;
        chunked = /(?:^|,)\s*chunked\s*$/i.test(value);
      } else if (name === 'connection') connection += `,${value}`;
      else {
        const hint = /^timeout=(\d+)/.exec(value)?.[1];
        if (hint) idleMs = Number(hint) * 1000 - 1000;
      }
    }
    if (status >= 100 && status < 200 && status !== 101) {
      // An interim answer (100 Continue, 103 Early Hints): the real one follows.
      return got.next;
    }
    if (encoded && length >= 0) throw new HttpParseError('HPE_UNEXPECTED_CONTENT_LENGTH', 'Content-Length beside Transfer-Encoding');
    this.status = status;
    // A hint of a second or less leaves no safe time to reuse the connection.
    this.keepAlive = (m[1] === '1' ? !(connection && CLOSE.test(connection)) : KEEP_ALIVE.test(connection)) && idleMs > 0;
    this.idleMs = idleMs === Infinity ? 0 : Math.max(0, idleMs);
    if (this.head || status === 204 || status === 304 || status === 101) {
      if (status === 101) this.keepAlive = false;
      this.finish();
    } else if (chunked) {
      this.state = State.ChunkSize;
      this.headBytes = 0;
    } else if (length >= 0) {
      this.remaining = length;
      this.state = State.Length;
      if (length === 0) this.finish();
    } else {
      // Neither length nor chunked (or another coding last): the body is the rest of the connection.
      this.keepAlive = false;
      this.state = State.ToEof;
    }
    return got.next;
  }

  private readChunkSize(chunk: Buffer, at: number): number {
    const got = this.line(chunk, at, CRLF, MAX_CHUNK_LINE, 'HPE_INVALID_CHUNK_SIZE', 'a chunk-size line');
    if (!got) return chunk.length;
    const semi = got.text.indexOf(';');
    const hex = (semi < 0 ? got.text : got.text.slice(0, semi)).trim();
    if (!/^[0-9a-fA-F]{1,12}$/.test(hex)) throw new HttpParseError('HPE_INVALID_CHUNK_SIZE', `invalid chunk size ${JSON.stringify(got.text.slice(0, 40))}`);
    this.remaining = parseInt(hex, 16);
    this.state = this.remaining === 0 ? State.Trailers : State.ChunkData;
    return got.next;
  }

  /** After the last chunk: trailer lines, if any, then an empty line. */
  private readTrailers(chunk: Buffer, at: number): number {
    const got = this.line(chunk, at, CRLF, MAX_HEAD_BYTES - this.headBytes, 'HPE_HEADER_OVERFLOW', 'the trailers');
    if (!got) return chunk.length;
    if (got.text === '') this.finish();
    else this.headBytes += got.text.length + 2;
    return got.next;
  }

  private finish(): void {
    const b = this.body;
    const text = b.length === 0 ? '' : b.length === 1 ? b[0].toString('utf8') : Buffer.concat(b, this.bodyBytes).toString('utf8');
    const r: Http1Response = { status: this.status, text, keepAlive: this.keepAlive, idleMs: this.idleMs };
    this.status = 0;
    this.body = [];
    this.bodyBytes = 0;
    this.headBytes = 0;
    this.state = r.keepAlive ? State.Head : State.Done;
    this.onResponse(r);
  }
}

/** Why a head is malformed, as the error to throw. */
function headProblem(text: string): never {
  const lines = text.split('\r\n');
  if (!STATUS_LINE.test(lines[0])) {
    if (/^HTTP\/1\.[01] /.test(lines[0])) throw new HttpParseError('HPE_INVALID_STATUS', `invalid status in ${JSON.stringify(lines[0].slice(0, 80))}`);
    throw new HttpParseError('HPE_INVALID_CONSTANT', `not an HTTP/1.x status line: ${JSON.stringify(lines[0].slice(0, 80))}`);
  }
  const bad = lines.slice(1).find((l) => !TOKEN.test(l.slice(0, Math.max(0, l.indexOf(':'))))) ?? lines[0];
  throw new HttpParseError('HPE_INVALID_HEADER_TOKEN', `invalid header line ${JSON.stringify(bad.slice(0, 80))}`);
}

/** A Content-Length value: digits, or a list of equal ones; `prior` from an earlier header (-1 if none). */
function contentLength(value: string, prior: number): number {
  let n = -1;
  for (const part of value.split(',')) {
    const p = part.trim();
    if (!/^\d{1,15}$/.test(p)) throw new HttpParseError('HPE_INVALID_CONTENT_LENGTH', `invalid Content-Length ${JSON.stringify(value.slice(0, 40))}`);
    const v = Number(p);
    if ((n >= 0 && v !== n) || (prior >= 0 && v !== prior)) throw new HttpParseError('HPE_INVALID_CONTENT_LENGTH', `conflicting Content-Length values (${prior >= 0 ? `${prior}, ` : ''}${value})`);
    n = v;
  }
  return n;
}
