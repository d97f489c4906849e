import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChunkFrames, audioChunkFrame, chunkFramePrefix, classifyReply, errorKind } from '../../src/load/protocol.js';

const b = (s: string) => Buffer.from(s);

test('audio_chunk frames are valid JSON with data and timestamp', () => {
  const frame = JSON.parse(audioChunkFrame(chunkFramePrefix('AAAA'), 1732500000123.4));
  assert.deepEqual(frame, { type: 'audio_chunk', data: 'AAAA', timestamp: 1732500000123 });
});

test('chunk frame templates: timestamp written in place, same JSON as the string form', () => {
  const f = new ChunkFrames(['AAAA', 'BBBB']);
  assert.equal(f.count, 2);
  for (const [seq, ts] of [[0, 1732500000123], [1, 1732500000999.6], [2, 1000000000000], [3, 9999999999999]] as const) {
    const bytes = JSON.parse(f.bytes(seq, ts).toString());
    assert.deepEqual(bytes, JSON.parse(f.text(seq, ts)));
    assert.deepEqual(bytes, { type: 'audio_chunk', data: seq % 2 ? 'BBBB' : 'AAAA', timestamp: Math.round(ts) });
  }
});

test('replies are classified, with or without spaces and in any key order', () => {
  const big = 'A'.repeat(4268);
  const cases: Array<[string, unknown]> = [
    [`{"type": "processed_audio", "audio": "${big}"}`, { type: 'processed_audio' }],
    [`{"audio":"${big}","type":"processed_audio"}`, { type: 'processed_audio' }],
    ['{"type": "metrics", "metrics": {"total_latency": 0.109, "chunks_processed": 7}}', { type: 'metrics', totalLatencyMs: 0.109, chunksProcessed: 7 }],
    ['{"type":"metrics","metrics":{}}', { type: 'metrics', totalLatencyMs: null, chunksProcessed: null }],
    ['{"type": "error", "error": "Session not found"}', { type: 'error', message: 'Session not found' }],
    ['{"type": "pong"}', { type: 'pong' }],
    ['{"type": "config_updated", "stage_id": "vad", "success": true}', { type: 'config_updated', stageId: 'vad', success: true }],
    ['{"type": "hello"}', { type: 'other', name: 'hello' }],
    ['{"kind": "x"}', { type: 'garbage', reason: 'JSON object without a string "type"' }],
    ['[1,2]', { type: 'garbage', reason: 'frame is JSON but not an object' }],
  ];
  for (const [text, want] of cases) assert.deepEqual(classifyReply(b(text)), want, text.slice(0, 40));
  assert.equal(classifyReply(b('not json at all')).type, 'garbage');
});

test('error kinds group by the text before the first colon', () => {
  assert.equal(errorKind('Chunk processing failed: Invalid base64-encoded string: x'), 'Chunk processing failed');
  assert.equal(errorKind('Session not found'), 'Session not found');
  assert.equal(errorKind(''), 'server error');
});
