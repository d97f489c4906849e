/**
 * Request bodies: JSON, urlencoded forms and multipart forms (via @fastify/busboy, the only module
 * that imports it), each bounded by the server's body size limit.
 */
import type { IncomingMessage } from 'node:http';
import { Busboy, type BusboyInstance } from '@fastify/busboy';
import { HttpError, isObject } from './http-util.js';

/** A parsed request body. */
export interface RequestBody {
  /** `json` bodies carry nested objects as objects; `form` bodies carry them as JSON strings. */
  kind: 'json' | 'form';
  fields: Record<string, unknown>;
  /** Multipart file parts by field name. */
  files: Map<string, Buffer>;
}

/** Limits on multipart parts, beyond the total size. */
const MAX_PARTS = 64;

/** Read and parse the body by its content-type; 400/413/415 on problems. */
export async function readRequestBody(req: IncomingMessage, maxBytes: number): Promise<RequestBody> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'multipart/form-data') return readMultipart(req, maxBytes);
  if (type === 'application/x-www-form-urlencoded') {
    const text = (await readRaw(req, maxBytes)).toString('utf8');
    return { kind: 'form', fields: Object.fromEntries(new URLSearchParams(text)), files: new Map() };
  }
  if (type === '' || type === 'application/json' || type.endsWith('+json')) {
    return { kind: 'json', fields: parseJsonObject(await readRaw(req, maxBytes)), files: new Map() };
  }
  drain(req);
  throw new HttpError(415, `Unsupported content-type '${type}': send application/json, application/x-www-form-urlencoded or multipart/form-data`);
}

function parseJsonObject(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new HttpError(400, `Invalid JSON body: ${(err as Error).message}`);
  }
  if (!isObject(value)) throw new HttpError(422, 'body: must be a JSON object');
  return value;
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, `Request body exceeds the limit of ${maxBytes} bytes (--max-body-bytes)`);
}

/** Discard the rest of a body we refused, so the response can still reach the client. */
function drain(req: IncomingMessage): void {
  req.removeAllListeners('data');
  req.resume();
}

function declaredTooLarge(req: IncomingMessage, maxBytes: number): boolean {
  const declared = Number(req.headers['content-length']);
  return Number.isFinite(declared) && declared > maxBytes;
}

/** The whole body as one Buffer, refusing more than `maxBytes`. */
export function readRaw(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (declaredTooLarge(req, maxBytes)) {
      drain(req);
      reject(tooLarge(maxBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        drain(req);
        reject(tooLarge(maxBytes));
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', (err) => reject(new HttpError(400, `Request body could not be read: ${err.message}`)));
  });
}

function readMultipart(req: IncomingMessage, maxBytes: number): Promise<RequestBody> {
  return new Promise((resolve, reject) => {
    const body: RequestBody = { kind: 'form', fields: {}, files: new Map() };
    let settled = false;
    const fail = (err: HttpError) => {
      if (settled) return;
      settled = true;
      req.unpipe();
      drain(req);
      reject(err);
    };
    if (declaredTooLarge(req, maxBytes)) return fail(tooLarge(maxBytes));
    let bb: BusboyInstance;
    try {
      bb = Busboy({
        headers: req.headers as { 'content-type': string },
        limits: { fileSize: maxBytes, fieldSize: maxBytes, parts: MAX_PARTS },
        // audio_file is a file even when a client sends it without a filename.
        isPartAFile: (name, _type, filename) => filename !== undefined || name === 'audio_file',
      });
    } catch (err) {
      return fail(new HttpError(400, `Malformed multipart body: ${(err as Error).message}`));
    }
    collectParts(bb, body, maxBytes, fail);
    bb.on('finish', () => {
      if (settled) return;
      settled = true;
      resolve(body);
    });
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) fail(tooLarge(maxBytes));
    });
    req.on('error', (err) => fail(new HttpError(400, `Request body could not be read: ${err.message}`)));
    req.pipe(bb);
  });
}

/** Fill `body` from busboy's events; every limit or parse problem goes to `fail`. */
function collectParts(bb: BusboyInstance, body: RequestBody, maxBytes: number, fail: (err: HttpError) => void): void {
  bb.on('file', (name, stream) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('limit', () => fail(tooLarge(maxBytes)));
    // A body that ends inside a file part errors this stream as well as busboy: without a listener
    // that error is uncaught and takes the whole server down.
    stream.on('error', (err: Error) => fail(new HttpError(400, `Malformed multipart body: ${err.message}`)));
    stream.on('end', () => body.files.set(name, Buffer.concat(chunks)));
  });
  bb.on('field', (name, value, _nameTruncated, valueTruncated) => {
    if (valueTruncated) fail(tooLarge(maxBytes));
    else body.fields[name] = value;
  });
  bb.on('partsLimit', () => fail(new HttpError(413, `Too many multipart parts (at most ${MAX_PARTS})`)));
  bb.on('error', (err) => fail(new HttpError(400, `Malformed multipart body: ${(err as Error).message}`)));
}

/**
 * A field that holds JSON: an object in a JSON body, a JSON string in a form.
 * Returns undefined when absent; 422 when a form value is not JSON.
 */
export function jsonField(body: RequestBody, name: string): unknown {
  const value = body.fields[name];
  if (body.kind === 'json' || typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch (err) {
    throw new HttpError(422, `${name}: not valid JSON (${(err as Error).message})`);
  }
}

/** A string field, or `fallback` when absent; 422 for another type or a value outside `allowed`. */
export function stringField(body: RequestBody, name: string, fallback: string, allowed?: readonly string[]): string {
  const value = body.fields[name];
  if (value === undefined || value === '') return fallback;
  if (typeof value !== 'string') throw new HttpError(422, `${name}: must be a string`);
  if (allowed && !allowed.includes(value)) throw new HttpError(422, `${name}: '${value}' is not one of ${allowed.join(', ')}`);
  return value;
}

/** A number field (a numeric string in forms), or `fallback`; 422 outside [min, max]. */
export function numberField(body: RequestBody, name: string, fallback: number, min: number, max: number): number {
  const raw = body.fields[name];
  if (raw === undefined || raw === '') return fallback;
  const value = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new HttpError(422, `${name}: ${JSON.stringify(raw)} is not a number from ${min} to ${max}`);
  }
  return value;
}
