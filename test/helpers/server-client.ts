/**
 * Test clients for the reference server: bounded-wait WebSocket reader, tiny HTTP helpers
 * (node:http with no agent, so nothing lingers), multipart bodies, and test audio.
 */
import { request } from 'node:http';
import WebSocket from 'ws';
import type { PipelineConfig } from '../../src/dsp/index.js';

/** Default bound for every wait in these tests. */
export const WAIT_MS = 3000;

/** A three-stage pipeline_config like the load tool sends. */
export const PIPELINE: PipelineConfig = {
  pipeline_id: 'pipebench-test',
  name: 'pipebench',
  stages: {
    vad: { enabled: true, gain_in: 0, gain_out: 0, parameters: { aggressiveness: 2, frame_duration: 30 } },
    noise_reduction: { enabled: true, gain_in: 0, gain_out: 0, parameters: { strength: 0.5, smoothing: 0.3 } },
    voice_enhancement: { enabled: true, gain_in: 0, gain_out: 0, parameters: { clarity: 0.5, warmth: 0.5 } },
  },
  connections: [
    { id: 'conn1', source_stage_id: 'vad', target_stage_id: 'noise_reduction' },
    { id: 'conn2', source_stage_id: 'noise_reduction', target_stage_id: 'voice_enhancement' },
  ],
};

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** One HTTP request; `body` objects are sent as JSON. Bounded by WAIT_MS. */
export function http(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpReply> {
  const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : typeof body === 'string' ? Buffer.from(body) : Buffer.from(JSON.stringify(body));
  const h: Record<string, string> = { ...headers };
  if (payload && !Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['content-type'] = 'application/json';
  if (payload) h['content-length'] = String(payload.length);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: h, agent: false, timeout: WAIT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Create a session and return its id (asserting 200). */
export async function createSession(baseUrl: string, config: unknown = PIPELINE): Promise<string> {
  const r = await http('POST', `${baseUrl}/api/pipeline/realtime/start`, { pipeline_config: config });
  if (r.status !== 200) throw new Error(`create failed: ${r.status} ${r.text}`);
  return r.json.session_id as string;
}

/** A multipart/form-data body from text fields and file parts. */
export function multipart(parts: Record<string, string | { filename: string; data: Buffer; type?: string }>): { body: Buffer; contentType: string } {
  const boundary = `----pipebench${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(parts)) {
    if (typeof value === 'string') {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.filename}"\r\nContent-Type: ${value.type ?? 'audio/wav'}\r\n\r\n`));
      chunks.push(value.data, Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A sine as 16-bit PCM. `amplitude` is linear full scale (1 = 0 dBFS peak). */
export function sine(freqHz: number, seconds: number, amplitude: number, sampleRate = 16000): Int16Array {
  const n = Math.round(seconds * sampleRate);
  const pcm = new Int16Array(n);
  for (let i = 0; i < n; i++) pcm[i] = Math.round(Math.sin((2 * Math.PI * freqHz * i) / sampleRate) * amplitude * 32767);
  return pcm;
}

export function toBase64(pcm: Int16Array): string {
  return Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength).toString('base64');
}

/** A canonical 44-byte-header mono 16-bit WAV, written independently of the DSP's encoder. */
export function wavFile(pcm: Int16Array, sampleRate = 16000): Buffer {
  const data = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

/** A WebSocket whose frames are read one at a time with a bounded wait. */
export class TestSocket {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly frames: any[] = [];
  private readonly waiters: Array<() => void> = [];
  /** Close code and reason once closed (1006 for a drop without close frame). */
  closeInfo: { code: number; reason: string } | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      this.frames.push(isBinary ? data : JSON.parse(data.toString()));
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closeInfo = { code, reason: reason.toString() };
      this.wake();
    });
    ws.on('error', () => {});
  }

  /** Connect to ws(s)://… derived from the server's http URL plus `path`. */
  static open(baseUrl: string, path: string, options: WebSocket.ClientOptions = {}): Promise<TestSocket> {
    const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + path, { perMessageDeflate: false, ...options });
    const socket = new TestSocket(ws);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error('WebSocket open timed out'));
      }, WAIT_MS);
      ws.once('open', () => {
        clearTimeout(timer);
        resolve(socket);
      });
      ws.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  static session(baseUrl: string, sessionId: string): Promise<TestSocket> {
    return TestSocket.open(baseUrl, `/api/pipeline/realtime/${sessionId}`);
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' || Buffer.isBuffer(msg) ? msg : JSON.stringify(msg));
  }

  /** The next frame (parsed JSON); rejects after `timeoutMs` or if the socket closes first. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async next(timeoutMs = WAIT_MS): Promise<any> {
    await this.until(() => this.frames.length > 0 || this.closeInfo !== undefined, timeoutMs, 'a frame');
    if (this.frames.length === 0) throw new Error(`socket closed (${this.closeInfo?.code}) while waiting for a frame`);
    return this.frames.shift();
  }

  /** Frames received but not yet read. */
  get pending(): number {
    return this.frames.length;
  }

  /** Wait for the close; resolves with its code and reason. */
  async closed(timeoutMs = WAIT_MS): Promise<{ code: number; reason: string }> {
    await this.until(() => this.closeInfo !== undefined, timeoutMs, 'the close');
    return this.closeInfo!;
  }

  /** Close (or terminate, if the server does not answer) and wait for it. */
  async close(): Promise<void> {
    if (this.closeInfo) return;
    this.ws.close();
    await this.closed().catch(() => this.ws.terminate());
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private async until(ready: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
}
