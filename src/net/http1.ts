/**
 * HTTP/1.1 over a pool of keep-alive sockets, for HttpClient (net/http.ts), which builds each
 * request's bytes and reads the outcome. At most `connections` sockets (net, or tls for https:);
 * requests beyond them wait in FIFO order. A request is written as one write and answered on the
 * socket it went out on (no pipelining); the answer is read by http1-parse.ts.
 *
 * Reuse: a socket goes back to the pool when its answer was whole and framed and the server did
 * not say `Connection: close`. Idle, it does not hold the process open and is closed after
 * keepAliveMs without traffic, or as soon as the server closes it. A request that finds its
 * reused socket already closed by the server (reset, EPIPE or closed before any byte of the
 * answer) is sent once more on a fresh socket when it is idempotent (GET, DELETE); a POST is not,
 * as the server may have acted on it, and fails with the socket's code.
 */
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { ResponseParser, type Http1Response } from './http1-parse.js';

export interface Http1PoolOptions {
  host: string;
  port: number;
  /** Certificate options for tls.connect; absent for plain http. The host name is checked (SNI too) unless an IP. */
  tls?: { ca?: string; rejectUnauthorized: boolean };
  /** Most sockets open at once. */
  connections: number;
  /** An idle socket is closed after this long without traffic. */
  keepAliveMs: number;
  /** Connecting may take this long; then the request fails with code 'connect timeout'. */
  connectTimeoutMs: number;
}

/** One request: its bytes, and who hears how it ended (exactly once). */
export class Exchange {
  conn: Conn | null = null;
  settled = false;
  retried = false;
  constructor(
    readonly wire: string | Buffer,
    /** May be sent again after a stale keep-alive socket failed it (GET, DELETE). */
    readonly idempotent: boolean,
    readonly done: (err: Error | null, res: Http1Response | null) => void,
  ) {}
}

/** Codes of a socket the server closed under a request. */
const STALE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

export const CONNECT_TIMEOUT = 'connect timeout';

export class Http1Pool {
  private readonly idle: Conn[] = [];
  private readonly open = new Set<Conn>();
  private readonly queue: Exchange[] = [];

  constructor(private readonly o: Http1PoolOptions) {}

  /** Send `x` on an idle socket, a new one, or when one frees up. */
  request(x: Exchange): void {
    const c = this.idle.pop();
    if (c) c.start(x);
    else if (this.open.size < this.o.connections) this.connect(x);
    else this.queue.push(x);
  }

  /** End `x` with `err` (the caller's timeout or abort): dequeued, or its socket destroyed. */
  cancel(x: Exchange, err: Error): void {
    if (x.settled) return;
    const c = x.conn;
    if (c) {
      c.x = null;
      x.conn = null;
      c.kill();
    } else {
      const i = this.queue.indexOf(x);
      if (i >= 0) this.queue.splice(i, 1);
    }
    settle(x, err, null);
  }

  /** Destroy every socket (the requests in flight are the caller's to wait for first). */
  destroy(): void {
    for (const c of [...this.open]) c.kill();
  }

  private connect(x: Exchange): void {
    const { host, port, tls } = this.o;
    const socket: Socket = tls ? tlsConnect({ host, port, ...tls, ...(isIP(host) ? {} : { servername: host }) }) : netConnect({ host, port });
    const c = new Conn(this, socket, this.o.keepAliveMs);
    this.open.add(c);
    const ms = this.o.connectTimeoutMs;
    const timer = setTimeout(() => c.fail(Object.assign(new Error(`could not connect within ${ms} ms`), { code: CONNECT_TIMEOUT })), ms);
    socket.once('connect', () => clearTimeout(timer));
    socket.once('close', () => clearTimeout(timer));
    c.start(x);
  }

  /** `c` answered its request and may carry another. */
  reuse(c: Conn): void {
    const x = this.queue.shift();
    if (x) c.start(x);
    else {
      c.socket.unref();
      this.idle.push(c);
    }
  }

  /** `c` is gone; `x` (its request, if any) failed with `err`. */
  gone(c: Conn, x: Exchange | null, err: Error | null): void {
    this.open.delete(c);
    const i = this.idle.indexOf(c);
    if (i >= 0) this.idle.splice(i, 1);
    if (x && err) {
      x.conn = null;
      const stale = c.answered > 0 && !c.heard && x.idempotent && !x.retried && STALE.has((err as { code?: string }).code ?? '');
      if (stale) {
        x.retried = true;
        this.connect(x);
      } else settle(x, err, null);
    }
    const next = this.open.size < this.o.connections ? this.queue.shift() : undefined;
    if (next) this.connect(next);
  }
}

function settle(x: Exchange, err: Error | null, res: Http1Response | null): void {
  if (x.settled) return;
  x.settled = true;
  x.done(err, res);
}

/** One socket and the request on it. */
class Conn {
  x: Exchange | null = null;
  /** Answers read on this socket (a reused socket has answered before). */
  answered = 0;
  /** A byte of the current answer has arrived. */
  heard = false;
  private dead = false;
  /** The current read completed an answer (acted on once the read is parsed). */
  private completed: Http1Response | null = null;
  private extra = false;
  private readonly parser = new ResponseParser((r) => {
    if (this.completed) this.extra = true;
    else this.completed = r;
  });

  constructor(private readonly pool: Http1Pool, readonly socket: Socket, keepAliveMs: number) {
    socket.setNoDelay(true);
    // Re-armed by every read and write, so it fires only after keepAliveMs of silence; a busy socket ignores it.
    socket.setTimeout(keepAliveMs);
    socket.on('timeout', () => {
      if (!this.x) this.kill();
    });
    socket.on('data', (b: Buffer) => this.onData(b));
    socket.on('end', () => this.onEnd());
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(null));
  }

  start(x: Exchange): void {
    this.x = x;
    x.conn = this;
    this.heard = false;
    if (this.answered > 0) this.socket.ref();
    this.socket.write(x.wire);
  }

  private onData(b: Buffer): void {
    if (!this.x) return this.kill(); // nothing was asked: a broken server
    this.heard = true;
    try {
      this.parser.feed(b);
    } catch (err) {
      // Garbage after a whole answer costs the socket, not the answer.
      if (!this.completed) return this.fail(err as Error);
      this.extra = true;
    }
    this.answer();
  }

  private onEnd(): void {
    this.parser.end();
    this.answer();
    this.fail(null);
  }

  /** Hand out an answer the last read completed; reuse the socket if it may be. */
  private answer(): void {
    const r = this.completed;
    if (!r) return;
    this.completed = null;
    const x = this.x as Exchange;
    this.x = null;
    x.conn = null;
    this.answered++;
    const reusable = r.keepAlive && !this.extra && !this.parser.midResponse && !this.dead;
    if (!reusable) this.kill();
    // The server's keep-alive hint shortens the idle time, never lengthens it.
    else if (r.idleMs > 0 && r.idleMs < this.socket.timeout!) this.socket.setTimeout(r.idleMs);
    settle(x, null, r);
    if (reusable) this.pool.reuse(this);
  }

  /** The socket failed or closed (`err` null: closed by the server): its request, if any, fails unless retried. */
  fail(err: Error | null): void {
    if (this.dead) return;
    this.dead = true;
    const x = this.x;
    this.x = null;
    this.socket.destroy();
    this.pool.gone(this, x, x ? err ?? hangUp() : null);
  }

  /** Close the socket on purpose; its request, if any, was settled by the caller. */
  kill(): void {
    this.x = null;
    this.fail(null);
  }
}

/** Node's error for a socket that closed before the whole answer came. */
function hangUp(): Error {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}
