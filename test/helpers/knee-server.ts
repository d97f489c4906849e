/**
 * A protocol server with a known capacity knee: replies come back at once while at most
 * `freeSessions` sessions are alive, and `msPerSession` later for every session beyond that.
 * With 4 free sessions and 60 ms per session, `chunk_rtt_ms: p(95) < 100` holds up to 5 sessions
 * (60 ms) and breaks at 6 (120 ms).
 */
import { startFakeServer, type FakeServer } from './fake-server.js';

export interface KneeOptions {
  freeSessions: number;
  msPerSession: number;
}

/** Alive sessions = created minus deleted, counted by the fake server as requests arrive. */
export function kneeDelayMs(alive: number, o: KneeOptions): number {
  return Math.max(0, alive - o.freeSessions) * o.msPerSession;
}

export async function startKneeServer(o: KneeOptions): Promise<FakeServer> {
  let server: FakeServer | undefined;
  // The fake server reads `delayMs` as each chunk arrives, so a getter makes it follow the load.
  const behaviour = {
    get delayMs() {
      return server ? kneeDelayMs(server.created.size - server.deleted.size, o) : 0;
    },
  };
  server = await startFakeServer(behaviour);
  return server;
}
