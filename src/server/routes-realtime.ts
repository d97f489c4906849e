/** Session lifecycle and health: create, stop, list (protocol.md section 1). */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { VERSION } from '../version.js';
import { jsonField, readRequestBody } from './body.js';
import { HttpError, isoNow } from './http-util.js';
import { buildChain, checkPipelineConfig, checkSessionConfig } from './pipeline-config.js';
import type { Route, RouteContext } from './router.js';
import type { Session } from './sessions.js';
import { sessionsText } from '../units.js';

function sessionMetrics(s: Session) {
  const avg = s.chunksProcessed > 0 ? s.totalLatencyMs / s.chunksProcessed : 0;
  return { chunks_processed: s.chunksProcessed, average_latency: Math.round(avg * 1000) / 1000, quality_score: 0 };
}

/** Validate (422), check the cap (503), roll the injected-failure dice (500), then create. */
async function startSession(req: IncomingMessage, ctx: RouteContext) {
  const body = await readRequestBody(req, ctx.options.maxBodyBytes);
  const config = checkPipelineConfig(jsonField(body, 'pipeline_config'));
  const sampleRate = checkSessionConfig(jsonField(body, 'session_config'));
  if (ctx.store.isFull()) {
    throw new HttpError(503, `Session limit reached: ${sessionsText(ctx.store.maxSessions)} ${ctx.store.maxSessions === 1 ? 'is' : 'are'} active (--max-sessions)`);
  }
  if (ctx.faults.failCreate()) throw new HttpError(500, 'Failed to start session: injected fault');
  const chain = buildChain(config, sampleRate);
  const id = randomUUID();
  const session: Session = {
    id,
    pipelineId: config.pipeline_id ?? `pipeline_${id.slice(0, 8)}`,
    chain,
    chunksProcessed: 0,
    totalLatencyMs: 0,
    lastActivityMs: Date.now(),
    socket: null,
  };
  ctx.store.add(session);
  return { session_id: id, pipeline_id: session.pipelineId, status: 'running', metrics: sessionMetrics(session) };
}

function stopSession(_req: IncomingMessage, ctx: RouteContext, [id]: string[]) {
  if (!ctx.store.remove(id)) throw new HttpError(404, 'Session not found');
  return { success: true, message: `Session ${id} stopped` };
}

function listSessions(_req: IncomingMessage, ctx: RouteContext) {
  const active_sessions = [...ctx.store.values()].map((s) => ({
    session_id: s.id,
    pipeline_id: s.pipelineId,
    status: 'running',
    metrics: sessionMetrics(s),
    connected: s.socket !== null,
  }));
  return { active_sessions };
}

function health(_req: IncomingMessage, ctx: RouteContext) {
  return {
    status: 'healthy',
    version: VERSION,
    services: {
      pipeline: { status: 'healthy', active_sessions: ctx.store.size, max_sessions: ctx.store.maxSessions },
    },
    uptime: Math.round((Date.now() - ctx.startedAtMs) / 10) / 100,
    timestamp: isoNow(),
  };
}

/** Routes of the session lifecycle. */
export const realtimeRoutes: Route[] = [
  { method: 'POST', path: /^\/api\/pipeline\/realtime\/start\/?$/, handler: startSession },
  { method: 'GET', path: /^\/api\/pipeline\/realtime\/sessions\/?$/, handler: listSessions },
  { method: 'DELETE', path: /^\/api\/pipeline\/realtime\/([^/]+)\/?$/, handler: stopSession },
  { method: 'GET', path: /^\/api\/health\/?$/, handler: health },
];
