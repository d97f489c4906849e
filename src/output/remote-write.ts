/**
 * Prometheus remote write 1.0: a `WriteRequest` protobuf, Snappy block-compressed, POSTed with
 * the headers the spec requires. The protobuf is encoded by hand: the four messages below are the
 * whole schema (prometheus/prompb types.proto), a field encoder is 40 lines, and a protobuf
 * library would bring a runtime with reflection or code generation for no gain. Snappy comes
 * from snappyjs (pure JS, no dependencies, no install scripts), imported here only.
 *
 *   message WriteRequest { repeated TimeSeries timeseries = 1; }
 *   message TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
 *   message Label        { string name = 1; string value = 2; }
 *   message Sample       { double value = 1; int64 timestamp = 2; }   // ms since the epoch
 */
import { compress } from 'snappyjs';

export interface Series {
  /** Label name → value; must include `__name__`. Sorted by name when encoded, as the spec asks. */
  labels: Record<string, string>;
  samples: Array<{ value: number; timestampMs: number }>;
}

/** A protobuf varint (unsigned; safe up to 2^53, which covers ms timestamps). */
function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

/** Field key: number << 3 | wire type (0 varint, 1 fixed64, 2 length-delimited). */
const key = (field: number, wire: number) => varint(field * 8 + wire);

function lengthDelimited(field: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([...key(field, 2), ...varint(body.length)]), body]);
}

function label(name: string, value: string): Buffer {
  return Buffer.concat([lengthDelimited(1, Buffer.from(name, 'utf8')), lengthDelimited(2, Buffer.from(value, 'utf8'))]);
}

function sample(value: number, timestampMs: number): Buffer {
  const v = Buffer.alloc(8);
  v.writeDoubleLE(value);
  return Buffer.concat([Buffer.from(key(1, 1)), v, Buffer.from([...key(2, 0), ...varint(Math.round(timestampMs))])]);
}

/** The uncompressed WriteRequest bytes. */
export function encodeWriteRequest(series: readonly Series[]): Buffer {
  return Buffer.concat(series.map((s) => {
    const labels = Object.keys(s.labels).sort().map((n) => lengthDelimited(1, label(n, s.labels[n])));
    const samples = [...s.samples].sort((a, b) => a.timestampMs - b.timestampMs).map((x) => lengthDelimited(2, sample(x.value, x.timestampMs)));
    return lengthDelimited(1, Buffer.concat([...labels, ...samples]));
  }));
}

/** The request body and headers of one remote-write push. */
export function remoteWriteRequest(series: readonly Series[]): { body: Buffer; headers: Record<string, string> } {
  return {
    body: compress(encodeWriteRequest(series)),
    headers: {
      'content-encoding': 'snappy',
      'content-type': 'application/x-protobuf',
      'user-agent': 'pipebench',
      'x-prometheus-remote-write-version': '0.1.0',
    },
  };
}

/** Metric and label names Prometheus accepts; tag keys are checked against it before the run. */
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
