/** The one HTTP client (src/net/http.ts) against real servers: every way a request ends is a value, never a throw. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawn } from 'node:child_process';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { HttpClient, type HttpOutcome } from '../../src/net/http.js';
import { rawAnswer, startFaultServer, startHalfOpenServer, startRawServer, type RawServer } from '../helpers/fault-server.js';
import { makeSelfSignedCert } from '../helpers/tls.js';
import { until } from '../helpers/wait.js';

test('an answer of any status resolves with status, body text and time; JSON and forms are sent', async () => {
  const server = await startFaultServer({ healthStatus: 503, createStatus: 500 });
  const http = new HttpClient({ target: `${server.url}/`, headers: { 'x-token': 't' }, timeoutMs: 2000, connections: 2 });
  try {
    const health = await http.send('GET', '/api/health');
    assert.equal(health.status, 503);
    assert.ok(health.status !== null && JSON.parse(health.text).status === 'healthy' && health.ms >= 0);
    const created = await http.send('POST', '/api/pipeline/realtime/start', { json: { pipeline_config: {} } });
    assert.equal(created.status, 500);
    const form = new FormData();
    form.set('processing_mode', 'batch');
    const other = await http.send('POST', '/nowhere', { form });
    assert.equal(other.status, 404);
  } finally {
    await http.close();
    await server.close();
  }
});

test('no answer: refused, timed out or aborted by the caller, each told apart', async () => {
  const refused = new HttpClient({ target: 'http://127.0.0.1:9', timeoutMs: 2000 });
  const r = await refused.send('GET', '/api/health');
  assert.equal(r.status, null);
  if (r.status === null) assert.deepEqual([r.code, r.timedOut, r.aborted], ['ECONNREFUSED', false, false]);
  await refused.close();

  const silent = await startHalfOpenServer();
  const slow = new HttpClient({ target: silent.url, timeoutMs: 200 });
  try {
    const t = await slow.send('GET', '/api/health');
    assert.equal(t.status, null);
    if (t.status === null) {
      assert.equal(t.timedOut, true, t.code);
      assert.equal(t.aborted, false);
    }
    const ac = new AbortController();
    const pending = slow.send('GET', '/api/health', { signal: ac.signal });
    ac.abort();
    const a = await pending;
    assert.equal(a.status, null);
    if (a.status === null) assert.deepEqual([a.code, a.aborted, a.timedOut], ['aborted', true, false]);
  } finally {
    await slow.close();
    await silent.close();
  }
});

/** The answer's status and text, or the failure's code. */
function seen(r: HttpOutcome): string {
  return r.status === null ? r.code : `${r.status} ${r.text}`;
}

/** A client on `server`, closed (with the server) after `body` whatever happens. */
async function withClient(server: RawServer, body: (http: HttpClient) => Promise<void>, over: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}): Promise<void> {
  const http = new HttpClient({ target: server.url, timeoutMs: 3000, ...over });
  try {
    await body(http);
  } finally {
    await http.close();
    await server.close();
  }
}

/** Write `pieces` one after another, each in its own turn of the event loop. */
function writeApart(req: { socket: import('node:net').Socket }, pieces: Array<string | Buffer>): void {
  const [first, ...rest] = pieces;
  if (first === undefined || req.socket.destroyed) return;
  req.socket.write(first);
  setImmediate(() => writeApart(req, rest));
}

test('the request goes out as HTTP/1.1: request line with the target prefix, Host, headers merged, Content-Length', async () => {
  const server = await startRawServer((req) => req.socket.write(rawAnswer(200, 'ok')));
  const http = new HttpClient({ target: `${server.url}/pre/`, headers: { 'X-Token': 't', 'Content-Type': 'text/x-client' }, timeoutMs: 3000 });
  try {
    assert.equal(seen(await http.send('POST', '/a?b=1', { json: { é: 1 } })), '200 ok');
    assert.equal(seen(await http.send('POST', '/empty')), '200 ok');
    assert.equal(seen(await http.send('DELETE', '/d', { headers: { 'x-token': 'u' } })), '200 ok');
    const form = new FormData();
    form.set('mode', 'batch');
    assert.equal(seen(await http.send('POST', '/f', { form })), '200 ok');
    const [json, empty, del, multipart] = server.requests;
    assert.deepEqual([json.method, json.path, json.headers.host, json.headers['x-token'], json.headers['content-type'], json.body], ['POST', '/pre/a?b=1', `127.0.0.1:${server.port}`, 't', 'application/json', '{"é":1}']);
    assert.equal(json.headers['content-length'], String(Buffer.byteLength('{"é":1}')));
    assert.equal(empty.headers['content-length'], '0');
    assert.deepEqual([del.method, del.headers['x-token'], del.headers['content-length']], ['DELETE', 'u', undefined]);
    assert.match(multipart.headers['content-type'], /^multipart\/form-data; boundary=/);
    assert.match(multipart.body, /name="mode"\r\n\r\nbatch\r\n/);
    assert.equal(server.connections, 1, 'one keep-alive socket carried all four');
    const bad = await http.send('GET', '/x', { headers: { 'x-bad': 'a\r\nInjected: 1' } });
    assert.deepEqual(bad.status === null && [bad.code, bad.timedOut], ['ERR_INVALID_CHAR', false]);
    const space = await http.send('GET', '/a b');
    assert.deepEqual(space.status === null && space.code, 'ERR_UNESCAPED_CHARACTERS');
  } finally {
    await http.close();
    await server.close();
  }
});

test('answers framed every way, split at odd places, arrive whole; a UTF-8 character split across reads survives', async () => {
  const euro = Buffer.from('price: 5 €');
  const server = await startRawServer((req) => {
    if (req.path === '/chunked') {
      writeApart(req, ['HTTP/1.1 200 OK\r\nTransfer-En', 'coding: chunked\r\n\r', '\n3;ext=1\r\npri\r', `\n${(euro.length - 3).toString(16)}\r\n`, euro.subarray(3, euro.length - 1), Buffer.concat([euro.subarray(euro.length - 1), Buffer.from('\r\n0\r\nX-T: 1\r\n\r\n')])]);
    } else if (req.path === '/length') writeApart(req, [`HTTP/1.1 201 Created\r\nContent-Length: ${euro.length}\r\n\r\n`, euro.subarray(0, euro.length - 2), euro.subarray(euro.length - 2)]);
    else if (req.path === '/no-content') req.socket.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n');
  });
  await withClient(server, async (http) => {
    assert.equal(seen(await http.send('GET', '/chunked')), '200 price: 5 €');
    assert.equal(seen(await http.send('GET', '/length')), '201 price: 5 €');
    assert.equal(seen(await http.send('DELETE', '/no-content')), '204 ');
    assert.equal(server.connections, 1, 'framed answers keep the socket');
  });
});

test('a body read to the end of the connection, and Connection: close, each leave the socket to the server and the next request a new one', async () => {
  const server = await startRawServer((req) => {
    if (req.path === '/eof') {
      req.socket.write('HTTP/1.1 200 OK\r\n\r\nuntil the end');
      setImmediate(() => req.socket.end());
    } else if (req.path === '/close') req.socket.write(rawAnswer(200, 'bye', 'Connection: close\r\n'));
    else req.socket.write(rawAnswer(200, `conn ${req.conn}`));
  });
  await withClient(server, async (http) => {
    assert.equal(seen(await http.send('GET', '/eof')), '200 until the end');
    assert.equal(seen(await http.send('GET', '/next')), '200 conn 2');
    assert.equal(seen(await http.send('GET', '/close')), '200 bye');
    // The client closes the socket itself: the server never did.
    await until(() => server.open === 0, 3000, 'the client to close the Connection: close socket');
    assert.equal(seen(await http.send('GET', '/next')), '200 conn 3');
  });
});

test('a reused socket the server dropped under the request: GET and DELETE are sent again on a fresh one, a POST is not', async () => {
  // Every socket's second request is dropped unanswered: the race of a server closing an idle keep-alive socket.
  const server = await startRawServer((req) => (req.nth >= 2 ? req.socket.destroy() : req.socket.write(rawAnswer(200, `${req.method} on ${req.conn}`))));
  await withClient(server, async (http) => {
    assert.equal(seen(await http.send('GET', '/a')), '200 GET on 1');
    assert.equal(seen(await http.send('GET', '/b')), '200 GET on 2', 'retried once, on a new socket');
    assert.equal(seen(await http.send('DELETE', '/c')), '200 DELETE on 3');
    const post = await http.send('POST', '/d', { json: {} });
    assert.equal(post.status, null);
    if (post.status === null) assert.deepEqual([post.code, post.timedOut, post.aborted], ['ECONNRESET', false, false]);
    assert.equal(server.requests.filter((r) => r.method === 'POST').length, 1, 'the POST was sent once');
  }, { connections: 1 });
});

test('an idle socket the server closed leaves the pool: the next POST goes out on a new socket', async () => {
  const server = await startRawServer((req) => {
    req.socket.write(rawAnswer(200, `on ${req.conn}`));
    if (req.conn === 1) setImmediate(() => req.socket.end());
  });
  await withClient(server, async (http) => {
    assert.equal(seen(await http.send('GET', '/a')), '200 on 1');
    await until(() => server.open === 0, 3000, 'the client to drop the socket the server ended');
    assert.equal(seen(await http.send('POST', '/b', { json: {} })), '200 on 2');
  });
});

test("the server's Keep-Alive timeout hint shortens how long an idle socket is kept, as node:http's Agent did", async () => {
  const server = await startRawServer((req) => req.socket.write(rawAnswer(200, 'ok', 'Keep-Alive: timeout=2\r\n')));
  await withClient(server, async (http) => {
    assert.equal(seen(await http.send('GET', '/')), '200 ok');
    const t = performance.now();
    await until(() => server.open === 0, 5000, 'the client to let the idle socket go (hint 2 s, less a second)');
    assert.ok(performance.now() - t > 500, 'not closed at once');
  }, { keepAliveMs: 60_000 });
});

test('a malformed answer fails with the parser code and destroys that socket; the next request works', async () => {
  const server = await startRawServer((req) => {
    if (req.path === '/garbage') req.socket.write('SPDY/9 what\r\n\r\n');
    else if (req.path === '/chunk') req.socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n');
    else if (req.path === '/length') req.socket.write('HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n');
    else req.socket.write(rawAnswer(200, 'fine'));
  });
  await withClient(server, async (http) => {
    for (const [path, code] of [['/garbage', 'HPE_INVALID_CONSTANT'], ['/chunk', 'HPE_INVALID_CHUNK_SIZE'], ['/length', 'HPE_INVALID_CONTENT_LENGTH']]) {
      const r = await http.send('GET', path);
      assert.equal(r.status, null);
      if (r.status === null) {
        assert.deepEqual([r.code, r.timedOut, r.aborted], [code, false, false], path);
        assert.match(r.message, /\S/);
      }
    }
    assert.equal(seen(await http.send('GET', '/ok')), '200 fine');
    assert.equal(server.connections, 4, 'each malformed answer cost its socket');
    await until(() => server.open === 1, 3000, 'the broken sockets to close');
  });
});

test('a body that stalls, or a server cut off mid-answer: timeout, or ECONNRESET', async () => {
  const server = await startRawServer((req) => {
    req.socket.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc');
    if (req.path === '/cut') setImmediate(() => req.socket.destroy());
  });
  await withClient(server, async (http) => {
    const stalled = await http.send('GET', '/stall');
    assert.equal(stalled.status, null);
    if (stalled.status === null) {
      assert.deepEqual([stalled.code, stalled.message, stalled.timedOut, stalled.aborted], ['timeout', 'no answer within 300 ms', true, false]);
      assert.ok(stalled.ms >= 290, `${stalled.ms} ms`);
    }
    await until(() => server.open === 0, 3000, 'the timed-out socket to close');
    const cut = await http.send('GET', '/cut');
    assert.deepEqual(cut.status === null && [cut.code, cut.timedOut], ['ECONNRESET', false], 'cut mid-body: not retried, it had answered');
  }, { timeoutMs: 300 });
});

test('aborted mid-request: that socket is destroyed, the answer says aborted; a signal aborted before sending sends nothing', async () => {
  const server = await startRawServer(() => {});
  await withClient(server, async (http) => {
    const ac = new AbortController();
    const pending = http.send('POST', '/slow', { json: {}, signal: ac.signal });
    await until(() => server.requests.length === 1, 3000, 'the request to reach the server');
    ac.abort();
    const r = await pending;
    assert.deepEqual(r.status === null && [r.code, r.aborted, r.timedOut], ['aborted', true, false]);
    await until(() => server.open === 0, 3000, 'the aborted socket to close');
    const early = await http.send('GET', '/never', { signal: ac.signal });
    assert.deepEqual(early.status === null && [early.code, early.aborted], ['aborted', true]);
    assert.equal(server.connections, 1);
  });
});

test('requests beyond the pool queue in order and all succeed on at most `connections` sockets', async () => {
  const held: Array<() => void> = [];
  let released = false;
  const server = await startRawServer((req, s) => {
    const reply = () => req.socket.write(rawAnswer(200, req.path));
    // Hold the first answers until the client has opened every socket it may, to see it stop there.
    if (released) return reply();
    held.push(reply);
    if (s.open >= 3) {
      released = true;
      for (const h of held.splice(0)) h();
    }
  });
  await withClient(server, async (http) => {
    const outs = await Promise.all(Array.from({ length: 40 }, (_, i) => http.send(i % 2 ? 'GET' : 'DELETE', `/${i}`)));
    assert.deepEqual(outs.map(seen), outs.map((_, i) => `200 /${i}`));
    assert.deepEqual([server.connections, server.maxOpen], [3, 3]);
    const order = server.requests.map((r) => Number(r.path.slice(1)));
    assert.deepEqual(order.slice(3).filter((n, i, a) => i > 0 && n < a[i - 1]), [], 'queued requests leave first in, first out');
  }, { connections: 3 });
});

test('IPv6: a [::1] target', async (t) => {
  let server: RawServer;
  try {
    server = await startRawServer((req) => req.socket.write(rawAnswer(200, req.headers.host)), '::1');
  } catch {
    return t.skip('no IPv6 loopback here');
  }
  await withClient(server, async (http) => {
    assert.equal(seen(await http.send('GET', '/')), `200 [::1]:${server.port}`);
  });
});

test('refused: a port nothing listens on is ECONNREFUSED', async () => {
  const server = await startRawServer(() => {});
  const url = server.url;
  await server.close();
  const http = new HttpClient({ target: url, timeoutMs: 2000 });
  const r = await http.send('POST', '/', { json: {} });
  assert.deepEqual(r.status === null && [r.code, r.timedOut], ['ECONNREFUSED', false]);
  await http.close();
});

test('https: a self-signed certificate is refused unless its CA is given; the host name is checked', async () => {
  const cert = makeSelfSignedCert();
  const other = makeSelfSignedCert('elsewhere', 'DNS:elsewhere.invalid');
  const servers = [cert, other].map((c) => createHttpsServer({ cert: c.cert, key: c.key }, (req, res) => {
    req.resume();
    res.end(`secure ${req.headers.host}`);
  }));
  try {
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
    const [port, otherPort] = servers.map((s) => (s.address() as AddressInfo).port);
    const ask = async (target: string, tls: { ca?: string; insecure?: boolean } | undefined) => {
      const http = new HttpClient({ target, timeoutMs: 3000, tls });
      try {
        return await http.send('GET', '/');
      } finally {
        await http.close();
      }
    };
    const refused = await ask(`https://127.0.0.1:${port}`, undefined);
    assert.equal(refused.status, null);
    if (refused.status === null) {
      assert.match(refused.code, /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)$/);
      assert.match(refused.message, /self.signed/);
    }
    assert.equal(seen(await ask(`https://127.0.0.1:${port}`, { ca: cert.cert })), `200 secure 127.0.0.1:${port}`);
    assert.equal(seen(await ask(`https://localhost:${port}`, { ca: cert.cert })), `200 secure localhost:${port}`);
    assert.equal(seen(await ask(`https://127.0.0.1:${port}`, { insecure: true })), `200 secure 127.0.0.1:${port}`);
    const wrongIp = await ask(`https://127.0.0.1:${otherPort}`, { ca: other.cert });
    assert.deepEqual(wrongIp.status === null && wrongIp.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
    const wrongName = await ask(`https://localhost:${otherPort}`, { ca: other.cert });
    assert.deepEqual(wrongName.status === null && wrongName.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
    const plain = await startFaultServer({}); // answers a TLS hello with an HTTP 400, as a plain server does
    const notTls = await ask(plain.url.replace('http:', 'https:'), undefined);
    await plain.close();
    assert.ok(notTls.status === null && (notTls.code === 'EPROTO' || notTls.code.startsWith('ERR_SSL_')), seen(notTls));
  } finally {
    for (const s of servers) s.closeAllConnections();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    cert.dispose();
    other.dispose();
  }
});

test('idle keep-alive sockets do not hold the process open; close() leaves no socket behind', async () => {
  const server = await startRawServer((req) => req.socket.write(rawAnswer(200, 'ok')));
  try {
    const client = fileURLToPath(new URL('../../src/net/http.js', import.meta.url));
    const script = `const { HttpClient } = await import(${JSON.stringify(client)});
      const http = new HttpClient({ target: ${JSON.stringify(server.url)}, timeoutMs: 3000, keepAliveMs: 60000 });
      const r = await http.send('GET', '/');
      console.log(r.status);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b));
    const exit = await new Promise<number | string>((resolve) => {
      const kill = setTimeout(() => child.kill(), 20_000);
      child.on('exit', (code, signal) => {
        clearTimeout(kill);
        resolve(code ?? String(signal));
      });
    });
    assert.deepEqual([exit, out.trim()], [0, '200'], 'exited by itself with its socket still pooled');
    assert.equal(server.connections, 1);

    const http = new HttpClient({ target: server.url, timeoutMs: 3000, keepAliveMs: 60_000 });
    await Promise.all([http.send('GET', '/'), http.send('GET', '/')]);
    await until(() => server.open === 2, 3000, 'both sockets to be counted');
    await http.close();
    await until(() => server.open === 0, 3000, 'close() to destroy the pooled sockets');
  } finally {
    await server.close();
  }
});
