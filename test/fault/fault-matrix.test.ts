/**
 * The fault matrix: `sustained` (through the API, the CLI's own runner) against one purpose-built
 * misbehaving server per fault. Each row checks the verdict's exit code, the counts against the
 * server's own counters, the wall time (duration + chunk timeout + setup + a few seconds at most)
 * and that every session created was deleted (or, where DELETE fails, reported as not deleted).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sustained, type Result } from '../../src/index.js';
import { EXIT_CODES } from '../../src/evaluate/exit-codes.js';
import { startFaultServer, startHalfOpenServer, type Fault, type FaultServer } from '../helpers/fault-server.js';

const SESSIONS = 2;
const DURATION_MS = 1500;
const CHUNK_TIMEOUT_MS = 500;
const CONNECT_TIMEOUT_MS = 1000;
/** Chunks the plan makes due: every session, the whole duration. */
const PLANNED = SESSIONS * (DURATION_MS / 100);
/** What a busy 2-core machine may add to a run's wall time. */
const SLACK_MS = 3000;

interface Row {
  name: string;
  fault: Fault;
  exit: number;
  /** Extra wall time the fault may cost beyond duration + chunk timeout (e.g. a create delay). */
  setupMs?: number;
  /** Why sessions created on the server cannot all be deleted under this fault. */
  orphans?: string;
  check: (r: Result, s: FaultServer) => void;
}

function kinds(r: Result): string {
  return r.errors.map((e) => `${e.kind} ×${e.count}`).join(', ');
}

const ROWS: Row[] = [
  {
    name: 'healthy server (control row)', fault: {}, exit: EXIT_CODES.pass,
    check: (r, s) => {
      assert.equal(r.counts.chunks_due, PLANNED);
      assert.equal(r.counts.chunks_acked, s.answered);
      assert.equal(r.counts.chunks_sent, s.chunks);
    },
  },
  {
    name: 'silent: never answers a chunk', fault: { silent: true }, exit: EXIT_CODES.thresholdsFailed,
    check: (r, s) => {
      assert.equal(r.counts.chunks_acked, 0);
      assert.equal(r.counts.chunks_lost, r.counts.chunks_due);
      assert.equal(r.counts.chunks_sent, s.chunks);
    },
  },
  {
    name: 'stall: holds replies for 1.2 s mid-run', fault: { stallAfterChunks: 6, stallMs: 1200 }, exit: EXIT_CODES.thresholdsFailed,
    check: (r, s) => {
      assert.ok(r.counts.chunks_lost > 0 && r.counts.chunks_late > 0, JSON.stringify(r.counts));
      // Replies released after the run stopped reading are sent by the server but never seen.
      assert.ok(r.counts.chunks_acked + r.counts.chunks_late <= s.answered, `${JSON.stringify(r.counts)} answered ${s.answered}`);
      assert.ok(r.counts.chunks_acked < s.chunks, 'the stall cost chunks');
      assert.equal(r.counts.chunks_acked + r.counts.chunks_lost + r.counts.chunks_failed, r.counts.chunks_due);
    },
  },
  {
    name: 'slow create (400 ms)', fault: { createDelayMs: 400 }, exit: EXIT_CODES.pass, setupMs: 400,
    check: (r, s) => {
      assert.equal(r.counts.chunks_due, PLANNED, 'the plan is kept: setup happens before the clock starts');
      assert.equal(r.counts.chunks_acked, s.answered);
    },
  },
  {
    name: '0.8 s create delay in a 1.5 s run', fault: { createDelayMs: 800 }, exit: EXIT_CODES.pass, setupMs: 800,
    check: (r) => {
      assert.equal(r.counts.chunks_due, PLANNED, 'no chunk of the plan silently dropped from "due"');
      assert.equal(r.counts.chunks_acked, PLANNED);
    },
  },
  {
    name: 'create slower than the connect timeout (1.2 s > 1 s)', fault: { createDelayMs: 1200 }, exit: EXIT_CODES.targetUnusable, setupMs: 1200,
    orphans: 'a create the client gave up on still creates a session whose id nobody learns',
    check: (r) => assert.match(kinds(r), /create failed: timeout ×2/),
  },
  {
    name: '500 on create', fault: { createStatus: 500 }, exit: EXIT_CODES.targetUnusable,
    check: (r, s) => {
      assert.equal(s.created.size, 0);
      assert.equal(r.counts.sessions_failed, SESSIONS);
      assert.match(kinds(r), /create failed: HTTP 500 ×2/);
    },
  },
  {
    name: 'one create in two fails (500): the plan keeps that session\'s chunks due', fault: { failCreateEvery: 2 }, exit: EXIT_CODES.thresholdsFailed,
    check: (r, s) => {
      assert.equal(s.created.size, 1);
      assert.equal(r.counts.chunks_due, PLANNED, 'due is the plan, not what the started sessions sent');
      assert.equal(r.counts.chunks_acked, s.answered);
      assert.equal(r.errors.find((e) => e.kind === 'session not started')?.count, PLANNED / SESSIONS);
      assert.equal(r.rates.success_rate, r.counts.chunks_acked / PLANNED);
    },
  },
  {
    name: 'HTML page on create', fault: { createBody: { type: 'text/html', text: '<html><body>Bad Gateway</body></html>' } }, exit: EXIT_CODES.targetUnusable,
    check: (r) => assert.match(kinds(r), /create failed: no session_id ×2/),
  },
  {
    name: 'no session id in the create reply', fault: { createBody: { type: 'application/json', text: '{"status": "running"}' } }, exit: EXIT_CODES.targetUnusable,
    check: (r) => assert.match(kinds(r), /create failed: no session_id ×2/),
  },
  {
    name: 'refused upgrade (403)', fault: { refuseUpgrade: 403 }, exit: EXIT_CODES.targetUnusable,
    check: (r, s) => {
      assert.equal(s.created.size, SESSIONS);
      assert.equal(r.counts.sessions_started, 0);
      assert.match(kinds(r), /connect failed ×2/);
      assert.match(r.errors.find((e) => e.kind === 'connect failed')!.sample, /403/);
    },
  },
  {
    name: 'closes every socket right after open', fault: { closeOnOpen: true }, exit: EXIT_CODES.thresholdsFailed,
    check: (r, s) => {
      assert.equal(r.counts.chunks_acked, 0);
      assert.ok(s.upgrades <= SESSIONS * 8, `${s.upgrades} upgrades: reconnects must back off`);
    },
  },
  {
    name: 'garbage frames instead of replies', fault: { garbage: true }, exit: EXIT_CODES.thresholdsFailed,
    check: (r, s) => {
      assert.equal(r.counts.chunks_acked, 0);
      assert.equal(r.errors.find((e) => e.kind === 'unparseable reply')?.count, s.chunks);
    },
  },
  {
    name: 'partial replies (processed_audio, never metrics)', fault: { partial: true }, exit: EXIT_CODES.thresholdsFailed,
    check: (r, s) => {
      assert.equal(r.counts.chunks_acked, 0);
      assert.equal(r.counts.chunks_lost, r.counts.chunks_due);
      assert.equal(r.counts.chunks_sent, s.chunks);
    },
  },
  {
    name: 'error reply to every chunk', fault: { errorReplies: true }, exit: EXIT_CODES.thresholdsFailed,
    check: (r, s) => {
      assert.equal(r.counts.chunks_failed, s.chunks);
      assert.equal(r.counts.chunks_acked, 0);
    },
  },
  {
    name: 'health answers 503 (the pipeline works)', fault: { healthStatus: 503 }, exit: EXIT_CODES.pass,
    check: (r) => assert.ok(r.warnings.some((w) => /health check failed/.test(w)), r.warnings.join('\n')),
  },
  {
    name: 'DELETE fails (500)', fault: { deleteStatus: 500 }, exit: EXIT_CODES.thresholdsFailed,
    check: (r, s) => {
      assert.equal(s.deleted.size, 0);
      assert.equal(r.counts.sessions_not_deleted, SESSIONS);
      assert.equal(r.counts.sessions_deleted, 0);
      assert.ok(r.warnings.some((w) => /2 sessions? (were )?not deleted/.test(w)), r.warnings.join('\n'));
    },
  },
  {
    name: 'reconnect storm: every socket dropped 50 ms after open', fault: { dropAfterMs: 50 }, exit: EXIT_CODES.thresholdsFailed,
    check: (r, s) => {
      // Backoff 100, 200, 400, 800 ms … without resets: at most ~5 sockets per session in 1.5 s.
      assert.ok(s.upgrades <= SESSIONS * 6, `${s.upgrades} upgrades`);
      assert.equal(r.counts.sockets_dropped, s.upgrades, 'every socket that opened was dropped');
      assert.equal(r.counts.sessions_dropped, SESSIONS, 'sessions dropped counts sessions, not drops');
      assert.ok(r.counts.reconnects >= SESSIONS && r.counts.reconnects <= s.upgrades - SESSIONS, JSON.stringify(r.counts));
    },
  },
  {
    name: 'one drop mid-run (socket terminated after 700 ms), reconnects', fault: { dropAfterMs: 700 }, exit: EXIT_CODES.thresholdsFailed,
    check: (r, s) => {
      assert.ok(r.counts.sessions_reconnected >= SESSIONS, JSON.stringify(r.counts));
      assert.equal(r.counts.chunks_acked, s.answered);
    },
  },
  {
    name: 'loses one reply in five (counter still counts)', fault: { loseEvery: 5 }, exit: EXIT_CODES.thresholdsFailed,
    check: (r, s) => {
      assert.equal(r.counts.chunks_acked, s.answered, 'every reply matched to its own chunk');
      assert.equal(r.counts.chunks_lost, s.processed - s.answered);
      assert.ok(r.metrics.chunk_rtt_ms.p95 < 100, `chunk RTT p95 ${r.metrics.chunk_rtt_ms.p95} ms for a server answering at once`);
    },
  },
];

/** The matrix's run against `url`, and its wall time. */
async function run(url: string): Promise<{ r: Result; wallMs: number }> {
  const t = performance.now();
  const r = await sustained({
    target: url, sessions: SESSIONS, duration: DURATION_MS, chunkTimeout: CHUNK_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS, maxLag: '1s', profile: 'default',
  });
  return { r, wallMs: performance.now() - t };
}

async function runRow(row: Row): Promise<void> {
  const server = await startFaultServer(row.fault);
  try {
    const { r, wallMs } = await run(server.url);
    assert.equal(r.exit_code, row.exit, `${r.verdict}: ${r.verdict_reason}; errors: ${kinds(r)}`);
    assert.ok(wallMs <= DURATION_MS + CHUNK_TIMEOUT_MS + (row.setupMs ?? 0) + SLACK_MS, `took ${wallMs.toFixed(0)} ms`);
    if (row.fault.deleteStatus === undefined && row.orphans === undefined) {
      assert.deepEqual([...server.deleted].sort(), [...server.created].sort(), 'every session created was deleted');
      assert.equal(r.counts.sessions_deleted, server.created.size);
    }
    row.check(r, server);
  } finally {
    await server.close();
  }
}

describe('fault matrix', { concurrency: 4 }, () => {
  for (const row of ROWS) test(row.name, () => runRow(row));

  test('half-open TCP: accepts, never answers', async () => {
    const server = await startHalfOpenServer();
    try {
      const { r, wallMs } = await run(server.url);
      assert.equal(r.exit_code, EXIT_CODES.targetUnusable, r.verdict_reason);
      assert.ok(server.connections >= 1);
      assert.ok(wallMs <= CONNECT_TIMEOUT_MS + DURATION_MS + CHUNK_TIMEOUT_MS + SLACK_MS, `took ${wallMs.toFixed(0)} ms`);
    } finally {
      await server.close();
    }
  });
});
