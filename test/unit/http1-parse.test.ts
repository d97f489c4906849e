/**
 * The HTTP/1.1 response parser (src/net/http1-parse.ts), table-driven: every framing, each fed
 * whole, byte by byte, split at every boundary and in random splits, must give the same
 * responses; each malformed input its stable code.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HttpParseError, MAX_HEAD_BYTES, ResponseParser, type Http1Response } from '../../src/net/http1-parse.js';

interface Outcome {
  responses: Http1Response[];
  /** A response was cut short by the end of the connection. */
  cut: boolean;
  error?: string;
}

/** Feed `pieces` in order, then the end of the connection when `eof`. */
function parse(pieces: Buffer[], { eof = false, head = false } = {}): Outcome {
  const responses: Http1Response[] = [];
  const p = new ResponseParser((r) => responses.push(r));
  p.head = head;
  try {
    for (const b of pieces) p.feed(b);
    if (eof) p.end();
    return { responses, cut: p.midResponse };
  } catch (err) {
    assert.ok(err instanceof HttpParseError, String(err));
    assert.match(err.message, /\S/);
    return { responses, cut: p.midResponse, error: err.code };
  }
}

/** Every way to cut `b` into pieces: whole, byte by byte, two pieces at each boundary, seeded random splits. */
function splits(b: Buffer): Buffer[][] {
  const out: Buffer[][] = [[b], [...b].map((x) => Buffer.from([x]))];
  for (let i = 1; i < b.length; i++) out.push([b.subarray(0, i), b.subarray(i)]);
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let k = 0; k < 20; k++) {
    const pieces: Buffer[] = [];
    for (let at = 0; at < b.length;) {
      const n = 1 + Math.floor(rand() * 7);
      pieces.push(b.subarray(at, at + n));
      at += n;
    }
    out.push(pieces);
  }
  return out;
}

const r = (status: number, text: string, keepAlive = true, idleMs = 0): Http1Response => ({ status, text, keepAlive, idleMs });
const euro = '€ and ü'; // multi-byte UTF-8: split reads must not break a character

const framings: Array<{ name: string; wire: string; eof?: boolean; head?: boolean; want: Http1Response[]; cut?: boolean }> = [
  { name: 'Content-Length', wire: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello', want: [r(200, 'hello')] },
  { name: 'header names in any case, no reason phrase', wire: 'HTTP/1.1 201\r\ncontent-LENGTH:  2 \r\nX-Other: a:b\r\n\r\nok', want: [r(201, 'ok')] },
  { name: 'UTF-8 body split anywhere', wire: `HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(euro)}\r\n\r\n${euro}`, want: [r(200, euro)] },
  { name: 'Content-Length 0', wire: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n', want: [r(200, '')] },
  { name: 'equal Content-Length values', wire: 'HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\nab', want: [r(200, 'ab')] },
  {
    name: 'chunked, with extensions and trailers',
    wire: `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=x\r\nhello\r\nC\r\n, world €.\r\n0\r\nX-Trailer: t\r\nX-More: u\r\n\r\n`,
    want: [r(200, 'hello, world €.')],
  },
  { name: 'chunked, upper-case hex, a coding before chunked', wire: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n1F\r\n0123456789abcdef0123456789abcde\r\n0\r\n\r\n', want: [r(200, '0123456789abcdef0123456789abcde')] },
  { name: 'chunked, empty', wire: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', want: [r(200, '')] },
  { name: 'to EOF when neither length nor chunked', wire: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it €', eof: true, want: [r(200, 'all of it €', false)] },
  { name: 'to EOF, not ended yet', wire: 'HTTP/1.1 200 OK\r\n\r\npart', want: [], cut: true },
  { name: 'Connection: close', wire: 'HTTP/1.1 200 OK\r\nConnection: Keep-Alive, Close\r\nContent-Length: 1\r\n\r\nx', want: [r(200, 'x', false)] },
  { name: 'a Keep-Alive timeout hint, less a second', wire: 'HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5, max=100\r\nContent-Length: 1\r\n\r\nx', want: [r(200, 'x', true, 4000)] },
  { name: 'a Keep-Alive hint of 1 s or less: not reused', wire: 'HTTP/1.1 200 OK\r\nkeep-alive: timeout=1\r\nContent-Length: 1\r\n\r\nx', want: [r(200, 'x', false)] },
  { name: 'HTTP/1.0 closes unless keep-alive', wire: 'HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx', want: [r(200, 'x', false)] },
  { name: 'HTTP/1.0 keep-alive', wire: 'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nx', want: [r(200, 'x')] },
  { name: '204 and 304 have no body', wire: 'HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n', want: [r(204, ''), r(304, '')] },
  { name: 'HEAD has no body', wire: 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n', head: true, want: [r(200, '')] },
  { name: '100 Continue and 103 are skipped', wire: 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', want: [r(200, 'ok')] },
  {
    name: 'back-to-back responses on one connection',
    wire: 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naHTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nbc\r\n0\r\n\r\nHTTP/1.1 500 Oops\r\nContent-Length: 3\r\n\r\ndef',
    want: [r(200, 'a'), r(404, 'bc'), r(500, 'def')],
  },
  { name: 'a response cut short', wire: 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc', eof: true, want: [], cut: true },
  { name: 'bytes after Connection: close are not parsed', wire: 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nxgarbage', want: [r(200, 'x', false)] },
];

for (const c of framings) {
  test(`framing: ${c.name}, in every split`, () => {
    for (const pieces of splits(Buffer.from(c.wire))) {
      const got = parse(pieces, { eof: c.eof, head: c.head });
      assert.equal(got.error, undefined, `${pieces.length} pieces`);
      assert.deepEqual(got.responses, c.want, `${pieces.length} pieces: ${pieces.map((p) => JSON.stringify(p.toString('latin1'))).join(' | ')}`);
      assert.equal(got.cut, c.cut ?? false);
    }
  });
}

const malformed: Array<{ name: string; wire: string; code: string }> = [
  { name: 'garbage status line', wire: 'garbage\r\n\r\n', code: 'HPE_INVALID_CONSTANT' },
  { name: 'HTTP/2 status line', wire: 'HTTP/2 200 OK\r\n\r\n', code: 'HPE_INVALID_CONSTANT' },
  { name: 'status not three digits', wire: 'HTTP/1.1 20x OK\r\nContent-Length: 0\r\n\r\n', code: 'HPE_INVALID_STATUS' },
  { name: 'status below 100', wire: 'HTTP/1.1 099 Low\r\nContent-Length: 0\r\n\r\n', code: 'HPE_INVALID_STATUS' },
  { name: 'header without a colon', wire: 'HTTP/1.1 200 OK\r\nNoColon\r\nContent-Length: 0\r\n\r\n', code: 'HPE_INVALID_HEADER_TOKEN' },
  { name: 'folded header', wire: 'HTTP/1.1 200 OK\r\nX-A: 1\r\n  folded\r\nContent-Length: 0\r\n\r\n', code: 'HPE_INVALID_HEADER_TOKEN' },
  { name: 'Content-Length not a number', wire: 'HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n', code: 'HPE_INVALID_CONTENT_LENGTH' },
  { name: 'negative Content-Length', wire: 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n', code: 'HPE_INVALID_CONTENT_LENGTH' },
  { name: 'conflicting Content-Length headers', wire: 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab', code: 'HPE_INVALID_CONTENT_LENGTH' },
  { name: 'conflicting Content-Length list', wire: 'HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\nab', code: 'HPE_INVALID_CONTENT_LENGTH' },
  { name: 'Content-Length beside chunked', wire: 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', code: 'HPE_UNEXPECTED_CONTENT_LENGTH' },
  { name: 'chunk size not hex', wire: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', code: 'HPE_INVALID_CHUNK_SIZE' },
  { name: 'chunk size empty', wire: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n', code: 'HPE_INVALID_CHUNK_SIZE' },
  { name: 'chunk size absurdly large', wire: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1234567890abc\r\n', code: 'HPE_INVALID_CHUNK_SIZE' },
  { name: 'chunk data longer than its size', wire: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n', code: 'HPE_INVALID_CHUNK_SIZE' },
];

for (const c of malformed) {
  test(`malformed: ${c.name} is ${c.code}, in every split`, () => {
    for (const pieces of splits(Buffer.from(c.wire))) {
      const got = parse(pieces);
      assert.equal(got.error, c.code, `${pieces.length} pieces`);
      assert.deepEqual(got.responses, []);
    }
  });
}

test('a head beyond the limit is HPE_HEADER_OVERFLOW, whether the terminator came or not', () => {
  const big = `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(MAX_HEAD_BYTES)}\r\n`;
  assert.equal(parse([Buffer.from(big)]).error, 'HPE_HEADER_OVERFLOW');
  assert.equal(parse([Buffer.from(`${big}\r\n`)]).error, 'HPE_HEADER_OVERFLOW');
  const pieces = splits(Buffer.from(big)).slice(0, 1).concat([[...Buffer.from(big)].reduce<Buffer[]>((a, _x, i, all) => (i % 1000 === 0 ? [...a, Buffer.from(all.slice(i, i + 1000))] : a), [])]);
  for (const p of pieces) assert.equal(parse(p).error, 'HPE_HEADER_OVERFLOW');
  const trailers = `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n${`X-T: ${'b'.repeat(1000)}\r\n`.repeat(70)}\r\n`;
  assert.equal(parse([Buffer.from(trailers)]).error, 'HPE_HEADER_OVERFLOW');
  // Just under the limit is fine.
  const fits = `HTTP/1.1 200 OK\r\nX-Fit: ${'a'.repeat(MAX_HEAD_BYTES - 60)}\r\nContent-Length: 0\r\n\r\n`;
  assert.deepEqual(parse([Buffer.from(fits)]).responses, [r(200, '')]);
});

test('a large body in many reads is decoded once, whole', () => {
  const body = 'ß'.repeat(50_000);
  const wire = Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  const pieces: Buffer[] = [];
  for (let at = 0; at < wire.length; at += 4093) pieces.push(wire.subarray(at, at + 4093));
  assert.deepEqual(parse(pieces).responses, [r(200, body)]);
});
