/**
 * Live updates and error handling on the socket: each bad request must get one `error` reply
 * and leave the socket open and the session's counter where it was (protocol.md section 2).
 */
import type { CheckContext } from './context.js';
import type { CheckSocket } from './socket.js';
import { describeFrame } from './socket.js';
import { audioChunkText, PING_FRAME, updateStageFrame } from '../load/protocol.js';
import { fail, type CheckDef } from './types.js';

/** A stage of the guide's pipeline (protocol.md: `update_stage` uses the mapped name). */
const KNOWN_STAGE = 'noise_reduction';

/** The socket still works: a ping gets a pong (and nothing else comes first). */
async function stillOpen(ctx: CheckContext, socket: CheckSocket, after: string): Promise<void> {
  socket.send(PING_FRAME);
  await ctx.expect(socket, 'pong', `the socket to stay open after ${after} (ping → pong)`);
}

/** Send one frame that must be answered with `error`, then prove the socket and counter survived. */
async function expectError(ctx: CheckContext, frame: string, what: string, counterToo: boolean): Promise<void> {
  const { socket } = await ctx.openSession();
  socket.send(frame);
  await ctx.expect(socket, 'error', `error for ${what}`);
  await stillOpen(ctx, socket, what);
  if (!counterToo) return;
  const { metrics } = await ctx.chunk(socket);
  const n = (metrics.metrics as Record<string, unknown> | undefined)?.chunks_processed;
  if (n !== 1) fail(`chunks_processed 1 for the next good chunk (${what} not counted)`, `chunks_processed ${String(n)}`);
}

async function updateKnown(ctx: CheckContext): Promise<void> {
  const { socket } = await ctx.openSession();
  socket.send(updateStageFrame(KNOWN_STAGE, { strength: 0.7 }));
  const expected = `config_updated {"stage_id": "${KNOWN_STAGE}", "success": true}`;
  const f = await ctx.reply(socket, expected);
  if (f.type !== 'config_updated' || f.stage_id !== KNOWN_STAGE || f.success !== true) fail(expected, describeFrame(f));
}

async function updateUnknown(ctx: CheckContext): Promise<void> {
  await expectError(ctx, updateStageFrame('eq', { gain: 3 }), 'update_stage of unknown stage "eq"', false);
}

async function invalidBase64(ctx: CheckContext): Promise<void> {
  await expectError(ctx, audioChunkText('*** not base64 ***', Date.now()), 'invalid base64', true);
}

async function oddLength(ctx: CheckContext): Promise<void> {
  // "AAAA" decodes to 3 bytes: not a whole number of 16-bit samples.
  await expectError(ctx, audioChunkText('AAAA', Date.now()), 'a 3-byte payload', true);
}

async function nonJson(ctx: CheckContext): Promise<void> {
  await expectError(ctx, 'this is not json', 'a frame that is not JSON', false);
}

/** Unknown message types get no reply at all, so the next reply is the ping's pong. */
async function unknownType(ctx: CheckContext): Promise<void> {
  const { socket } = await ctx.openSession();
  socket.send('{"type":"pipebench_unknown"}');
  await stillOpen(ctx, socket, 'an unknown message type, with no reply to it');
}

/** Checks of live updates and error handling. */
export const ERROR_CHECKS: CheckDef[] = [
  { name: 'update-stage', description: `update_stage of "${KNOWN_STAGE}" → config_updated`, run: updateKnown },
  { name: 'update-unknown-stage', description: 'update_stage of an unknown stage → error; the socket stays open', run: updateUnknown },
  { name: 'invalid-base64', description: 'a chunk that is not base64 → error; the socket stays open, the counter unchanged', run: invalidBase64 },
  { name: 'odd-length', description: 'a chunk of an odd number of bytes → error; the socket stays open, the counter unchanged', run: oddLength },
  { name: 'non-json-frame', description: 'a frame that is not JSON → error; the socket stays open', run: nonJson },
  { name: 'unknown-message', description: 'an unknown message type gets no reply; the socket stays open', run: unknownType },
];
