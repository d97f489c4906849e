/**
 * Property-based fuzzing of the reference server's HTTP side: whatever arrives, the server
 * answers below 500 (or closes a connection it cannot parse) and stays up. Bounded runs; a
 * failure prints fast-check's seed and the shrunk request, replayable with `{ seed, path }`.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { PIPELINE, http, sine, toBase64, wavFile } from '../helpers/server-client.js';

const STAGES = ['vad', 'noise_reduction', 'voice_enhancement', 'equalizer', 'limiter', 'agc', 'compression', 'lufs_normalization', 'spectral_denoising', 'voice_filter', 'nope'];
const PATHS = [
  '/api/pipeline/realtime/start', '/api/pipeline/realtime/sessions', '/api/health', '/api/pipeline/process',
  '/api/audio/stages/info', '/api/audio/analyze/fft', '/api/audio/analyze/lufs',
];
const FIELDS = ['pipeline_config', 'session_config', 'audio_data', 'audio_file', 'sample_rate', 'output_format', 'processing_mode', 'metadata', 'stage_config', 'window_size', 'overlap', 'window_type', 'measurement_type', 'target_lufs'];
const SHORT_PCM = toBase64(sine(440, 0.05, 0.3));

/** A value that is sometimes sensible for a field and mostly not. */
const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(SHORT_PCM, '', '====', 'AAA', 2048, 0.5, -23, 'wav', 'base64', 'hann', 'short_term', 1e308, -0),
  fc.constant(PIPELINE),
  fc.record({ stages: fc.dictionary(fc.constantFrom(...STAGES), fc.jsonValue({ maxDepth: 2 })), connections: fc.jsonValue({ maxDepth: 2 }) }),
  fc.record({ stages: fc.dictionary(fc.constantFrom(...STAGES), fc.record({ enabled: fc.boolean(), gain_in: fc.double(), parameters: fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(fc.double(), fc.string({ maxLength: 8 }))) }, { requiredKeys: [] })) }),
);

/** The routes that take a body, where most runs should land. */
const POST_PATHS = ['/api/pipeline/realtime/start', '/api/pipeline/process', '/api/audio/analyze/fft', '/api/audio/analyze/lufs', '/api/audio/process/stage/noise_reduction', '/api/audio/process/stage/equalizer'];

const path: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...PATHS),
  fc.tuple(fc.constantFrom('/api/pipeline/realtime/', '/api/audio/process/stage/', '/api/audio/stages/'), fc.oneof(fc.constantFrom(...STAGES), fc.string({ maxLength: 12 }).map(encodeURIComponent), fc.constantFrom('%', '%E0%A4%A', '..', '')), fc.constantFrom('', '/', '/config', '?x=1', '//'))
    .map(([a, b, c]) => a + b + c),
  fc.string({ maxLength: 30 }).map((s) => '/' + encodeURIComponent(s)),
);

/** Multipart bodies, often cut short or with a wrong boundary. */
const multipartBody = fc.record({
  parts: fc.array(fc.tuple(fc.constantFrom(...FIELDS, 'x'), fc.boolean(), fc.oneof(fc.string({ maxLength: 40 }), fc.constant(wavFile(sine(440, 0.02, 0.3)).toString('latin1')), fieldValue.map((v) => JSON.stringify(v) ?? ''))), { maxLength: 5 }),
  cut: fc.option(fc.nat(), { nil: undefined }),
  closing: fc.boolean(),
  boundary: fc.constantFrom('XyZ', 'a', '----pipebench'),
  announced: fc.constantFrom('XyZ', '', 'other', '"XyZ"'),
}).map(({ parts, cut, closing, boundary, announced }) => {
  let text = '';
  for (const [name, isFile, value] of parts) {
    text += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${isFile ? '; filename="f.wav"' : ''}\r\n\r\n${value}\r\n`;
  }
  if (closing) text += `--${boundary}--\r\n`;
  const body = Buffer.from(text, 'latin1');
  const type = announced === '' ? 'multipart/form-data' : `multipart/form-data; boundary=${announced === 'XyZ' ? boundary : announced}`;
  return { type, body: cut === undefined ? body : body.subarray(0, cut % (body.length + 1)) };
});

const body: fc.Arbitrary<{ type: string | undefined; body: Buffer | undefined }> = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), fieldValue, { maxKeys: 6 }).map((o) => ({ type: 'application/json', body: Buffer.from(JSON.stringify(o)) })),
  fc.tuple(fc.constantFrom('application/json', 'application/x+json', undefined), fc.jsonValue({ maxDepth: 3 }))
    .map(([type, v]) => ({ type, body: Buffer.from(JSON.stringify(v) ?? '') })),
  fc.dictionary(fc.constantFrom(...FIELDS), fieldValue.map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '')), { maxKeys: 6 })
    .map((o) => ({ type: 'application/x-www-form-urlencoded', body: Buffer.from(new URLSearchParams(o).toString()) })),
  { weight: 3, arbitrary: multipartBody },
  fc.tuple(fc.constantFrom('text/plain', 'application/json', 'multipart/form-data; boundary=', 'application/x-www-form-urlencoded', 'Ünïcode/ø'), fc.uint8Array({ maxLength: 200 }))
    .map(([type, bytes]) => ({ type, body: Buffer.from(bytes) })),
  fc.constant({ type: undefined, body: undefined }),
);

/** Mostly a POST to a route that reads a body; sometimes anything at all. */
const route: fc.Arbitrary<[string, string]> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...POST_PATHS).map((p): [string, string] => ['POST', p]) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'OPTIONS'), path) },
);

/** Raw bytes on a fresh TCP connection; resolves with the status code seen, or null if none. */
function rawExchange(port: number, bytes: Buffer): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no answer or close within 3 s'));
    }, 3000);
    socket.on('data', (c: Buffer) => {
      text += c.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve(m ? Number(m[1]) : null);
    });
    socket.end(bytes);
  });
}

const RAW_PIECES = ['GET', 'POST', 'DELETE', ' ', '/api/health', '/api/pipeline/realtime/start', ' HTTP/1.1', ' HTTP/1.0', ' HTTP/9', '\r\n', '\n', '\r\n\r\n', 'Host: x', 'Content-Length: 5', 'Content-Length: -1', 'Content-Length: 99999999999999999999', 'Transfer-Encoding: chunked', '0\r\n\r\n', 'zz\r\n', 'Content-Type: multipart/form-data; boundary=a', '--a\r\n', 'Content-Disposition: form-data; name="audio_file"', '{"pipeline_config":', '\u0000', '\u00ff', ':', 'Connection: close', 'Upgrade: websocket'];

describe('reference server HTTP fuzzing', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ maxBodyBytes: 64 * 1024, maxSessions: 100_000 });
  });
  after(() => server.close());

  test('any request to any route: never a 5xx, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(route, body, async ([method, p], b) => {
        const headers: Record<string, string> = b.type === undefined ? {} : { 'content-type': b.type };
        const r = await http(method, server.url + p, b.body, headers);
                assert.ok(r.status >= 200 && r.status < 500, `${method} ${p} → ${r.status} ${r.text.slice(0, 300)}`);
        if (r.status >= 400) assert.equal(typeof r.json?.detail, 'string', `error bodies carry detail: ${r.text.slice(0, 200)}`);
      }),
      { numRuns: 1000, interruptAfterTimeLimit: 20_000 },
    );
    assert.equal((await http('GET', `${server.url}/api/health`)).status, 200);
  });

  test('malformed HTTP on the wire: answered below 500 or closed, and the server lives on', async () => {
    const raw = fc.array(fc.oneof(fc.constantFrom(...RAW_PIECES), fc.string({ maxLength: 10 })), { minLength: 1, maxLength: 16 }).map((a) => Buffer.from(a.join(''), 'latin1'));
    await fc.assert(
      fc.asyncProperty(raw, async (bytes) => {
        const status = await rawExchange(server.port, bytes);
        assert.ok(status === null || status < 500, `status ${status} for ${JSON.stringify(bytes.toString('latin1'))}`);
      }),
      { numRuns: 500, interruptAfterTimeLimit: 15_000 },
    );
    assert.equal((await http('GET', `${server.url}/api/health`)).status, 200);
  });
});
