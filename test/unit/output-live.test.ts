/** The live outputs' pure parts: remote-write bytes, the live metrics' bookkeeping, --out/--tag parsing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uncompress } from 'snappyjs';
import { encodeWriteRequest, remoteWriteRequest } from '../../src/output/remote-write.js';
import { LiveMetrics } from '../../src/output/live-metrics.js';
import { ChunkLog } from '../../src/output/chunks.js';
import { resolveLive, resolveTags } from '../../src/output/options.js';
import { VerboseLog } from '../../src/output/verbose.js';

test('WriteRequest bytes: one series, labels sorted by name, double value, varint timestamp', () => {
  const bytes = encodeWriteRequest([{ labels: { z: 'b', __name__: 'a' }, samples: [{ value: 1, timestampMs: 1000 }] }]);
  const label = (n: string, v: string) => {
    const body = Buffer.concat([Buffer.from([0x0a, n.length]), Buffer.from(n), Buffer.from([0x12, v.length]), Buffer.from(v)]);
    return Buffer.concat([Buffer.from([0x0a, body.length]), body]);
  };
  const sample = Buffer.from('09000000000000f03f10e807', 'hex');
  const series = Buffer.concat([label('__name__', 'a'), label('z', 'b'), Buffer.from([0x12, sample.length]), sample]);
  assert.equal(bytes.toString('hex'), Buffer.concat([Buffer.from([0x0a, series.length]), series]).toString('hex'));
  // Multi-byte varints: a 200-byte label value (length c8 01), a timestamp of 300 (ac 02).
  const big = encodeWriteRequest([{ labels: { __name__: 'x'.repeat(200) }, samples: [{ value: 0.5, timestampMs: 300 }] }]).toString('hex');
  assert.ok(big.includes(`12c801${'78'.repeat(200)}`) && big.endsWith('10ac02'), big.slice(0, 20));
  const req = remoteWriteRequest([{ labels: { __name__: 'a' }, samples: [{ value: 2, timestampMs: 5 }] }]);
  assert.deepEqual(uncompress(req.body), encodeWriteRequest([{ labels: { __name__: 'a' }, samples: [{ value: 2, timestampMs: 5 }] }]));
  assert.equal(req.headers['content-encoding'], 'snappy');
  assert.equal(req.headers['x-prometheus-remote-write-version'], '0.1.0');
});

test('live metrics: count only chunks due in the measured window, as the result does; quantiles per interval', () => {
  const m = new LiveMetrics();
  m.clockStarted(0, 1000, 3000);
  m.socketOpened();
  m.chunkSent(0, 0, 900, 901); // warmup: not counted
  m.chunkAcked(0, 0, 900, 950);
  for (let i = 0; i < 10; i++) {
    m.chunkSent(0, i + 1, 1000 + i * 100, 1001 + i * 100);
    m.chunkAcked(0, i + 1, 1000 + i * 100, 1000 + i * 100 + 20 + i);
  }
  m.chunkLost(0, 11, 2100, 'timeout', 'no reply');
  m.chunkFailed(0, 12, 2200, 'error_reply', 'bad');
  m.chunkAcked(0, 30, 3000, 3010); // after the window: not counted
  const s = m.series({ run_id: 'r1' }, 42);
  const v = (name: string, extra: Record<string, string> = {}) =>
    s.find((x) => x.labels.__name__ === name && Object.entries(extra).every(([k, val]) => x.labels[k] === val))?.samples[0].value;
  assert.equal(v('pipebench_chunks_sent_total'), 10);
  assert.equal(v('pipebench_chunks_acked_total'), 10);
  assert.equal(v('pipebench_chunks_lost_total'), 1);
  assert.equal(v('pipebench_chunks_failed_total'), 1);
  assert.equal(v('pipebench_errors_total', { kind: 'timeout' }), 1);
  assert.equal(v('pipebench_sessions_open'), 1);
  assert.equal(v('pipebench_chunk_rtt_ms_bucket', { le: '25' }), 6);
  assert.equal(v('pipebench_chunk_rtt_ms_bucket', { le: '+Inf' }), 10);
  assert.equal(v('pipebench_chunk_rtt_ms_count'), 10);
  assert.equal(v('pipebench_chunk_rtt_ms_sum'), 245);
  assert.ok(Math.abs(v('pipebench_chunk_rtt_ms', { quantile: '0.5' })! - 24) < 0.25, 'p50 of 20..29 ms');
  assert.ok(s.every((x) => x.labels.run_id === 'r1' && x.samples[0].timestampMs === 42));
  // The interval quantiles start over; the counters do not.
  const next = m.series({}, 43);
  assert.equal(next.find((x) => x.labels.__name__ === 'pipebench_chunk_rtt_ms' && x.labels.quantile), undefined);
  assert.equal(next.find((x) => x.labels.__name__ === 'pipebench_chunks_acked_total')?.samples[0].value, 10);
});

test('chunk records: JSON Lines or CSV, one per settled chunk, times from t0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-chunks-'));
  try {
    for (const file of ['c.jsonl', 'c.csv']) {
      const log = new ChunkLog(join(dir, file));
      log.clockStarted(100, 100, 400);
      log.chunkSent(2, 0, 100, 101.5);
      log.chunkAcked(2, 0, 100, 130.25);
      log.chunkSent(2, 1, 200, 200.5);
      log.chunkLost(2, 1, 200, 'timeout', 'no reply');
      log.chunkUnsent(3, 0, 400, 'no socket');
      assert.deepEqual(await log.finish(), []);
      const text = readFileSync(join(dir, file), 'utf8');
      if (file.endsWith('.csv')) {
        assert.equal(text, 'session,seq,due,sent,answered,rtt_ms,outcome,kind,measured\n2,0,0,1.5,30.25,30.25,acked,,true\n' +
          '2,1,100,100.5,,,lost,timeout,true\n3,0,300,,,,unsent,no socket,false\n');
      } else {
        const recs = text.trim().split('\n').map((l) => JSON.parse(l));
        assert.deepEqual(recs[0], { session: 2, seq: 0, due: 0, sent: 1.5, answered: 30.25, rtt_ms: 30.25, outcome: 'acked', kind: null, measured: true });
        assert.deepEqual(recs.map((r) => r.outcome), ['acked', 'lost', 'unsent']);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--out and --tag: parsed, or every problem named with the fix', () => {
  const ok = resolveLive({ out: ['prometheus=http://127.0.0.1:9090/api/v1/write', 'chunks=c.csv'], verbose: true }, '/tmp');
  assert.deepEqual(ok, { live: { prometheus: ['http://127.0.0.1:9090/api/v1/write'], chunks: ['/tmp/c.csv'], verbose: true }, problems: [] });
  const bad = resolveLive({ out: ['prometheus=localhost:9090', 'chunks=/nope/x.jsonl', 'influx=x', 'chunks'] }, '/tmp');
  assert.deepEqual(bad.problems.map((p) => p.split(':')[0]), ['--out prometheus=localhost', '--out chunks=/nope/x.jsonl', '--out influx=x', '--out chunks']);
  assert.match(bad.problems[0], /expected an http\(s\) remote-write URL/);
  assert.match(bad.problems[2], /choose prometheus=URL or chunks=FILE/);
  assert.deepEqual(resolveTags({ tag: ['branch=main', 'pr=12=x'] }), { tags: { branch: 'main', pr: '12=x' }, problems: [] });
  const tags = resolveTags({ tag: ['nokey', '1x=y', 'run_id=z', '__x=1'] }).problems;
  assert.deepEqual(tags.map((p) => p.split(':')[0]), ['--tag nokey', '--tag 1x=y', '--tag run_id=z', '--tag __x=1']);
  assert.match(tags[2], /set by pipebench itself/);
});

test('--verbose lines: time since the clock started, what happened, to which session when known', () => {
  const lines: string[] = [];
  const v = new VerboseLog((l) => lines.push(l), 0);
  v.clockStarted(1000, 1000, 3000);
  v.chunkUnsent(2, 5, 1500, 'no open socket');
  v.socketClosed(true, '1006');
  v.chunkLost(1, 7, 1700, 'timeout', 'no reply within 2000 ms');
  assert.equal(lines[0], '+0.000s clock started; measuring from +0.000s to +2.000s');
  assert.equal(lines[1], '+0.500s session 2 chunk 5: not sent (no open socket)');
  assert.match(lines[2], /^[+-]\d+\.\d{3}s socket dropped by the server: 1006$/);
  assert.match(lines[3], /^[+-]\d+\.\d{3}s session 1 chunk 7: lost, timeout: no reply within 2000 ms$/);
});
