/**
 * HTTP dispatch: a table of (method, path pattern, handler). Handlers return the JSON body of a
 * 200 or throw HttpError; anything else thrown is a server bug and answers 500 with its message.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DspConfigError } from '../dsp/index.js';
import type { CpuMeter } from './cpu.js';
import type { FaultPlan } from './faults.js';
import { fromDspError, HttpError, sendJson } from './http-util.js';
import type { ServerOptions } from './options.js';
import type { SessionStore } from './sessions.js';

/** What handlers can reach. */
export interface RouteContext {
  options: ServerOptions;
  store: SessionStore;
  faults: FaultPlan;
  cpu: CpuMeter;
  /** Date.now() when the server started, for health's uptime. */
  startedAtMs: number;
}

/** A handler gets the request and the path's captured groups (already URI-decoded). */
export type Handler = (req: IncomingMessage, ctx: RouteContext, params: string[]) => unknown;

/** One entry of a routing table. */
export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: RegExp;
  handler: Handler;
}

/** A request listener for node:http serving `routes`. */
export function createRequestListener(routes: Route[], ctx: RouteContext) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    let pathMatched = false;
    for (const route of routes) {
      const m = route.path.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== req.method) continue;
      let params: string[];
      try {
        params = m.slice(1).map((p) => decodeURIComponent(p));
      } catch {
        return sendJson(res, 400, { detail: `Malformed percent-encoding in path: ${path}` });
      }
      void run(route.handler, req, res, ctx, params);
      return;
    }
    req.resume();
    if (pathMatched) sendJson(res, 405, { detail: 'Method Not Allowed' });
    else sendJson(res, 404, { detail: 'Not Found' });
  };
}

async function run(handler: Handler, req: IncomingMessage, res: ServerResponse, ctx: RouteContext, params: string[]) {
  try {
    const body = await handler(req, ctx, params);
    sendJson(res, 200, body);
  } catch (err) {
    const [status, detail] = describeError(err);
    if (!req.complete) req.resume();
    if (!res.headersSent) sendJson(res, status, { detail });
    else res.destroy();
  }
}

function describeError(err: unknown): [number, string] {
  if (err instanceof HttpError) return [err.status, err.message];
  if (err instanceof DspConfigError) return [422, fromDspError(err).message];
  return [500, `Internal server error: ${err instanceof Error ? err.message : String(err)}`];
}
