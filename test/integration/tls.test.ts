/** TLS: the reference server over https/wss, and a client that verifies it unless told not to. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:https';
import { after, before, describe, test } from 'node:test';
import type { RunPlan } from '../../src/load/run.js';
import { runSustained } from '../../src/measure/run.js';
import { INSECURE_WARNING } from '../../src/load/tls.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { BIN, runCli } from '../helpers/cli.js';
import { runMain } from '../helpers/io.js';
import { testPlan } from '../helpers/plan.js';
import { makeSelfSignedCert, type TestCert } from '../helpers/tls.js';

const plan = (target: string, over: Partial<RunPlan> = {}) =>
  testPlan(target, { sessions: 2, durationMs: 600, chunkTimeoutMs: 1000, connectTimeoutMs: 3000, ...over });

/** GET over https trusting `ca`; resolves with the status. */
function httpsStatus(url: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, agent: false, timeout: 3000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

describe('TLS', () => {
  let cert: TestCert;
  let server: RunningServer;
  before(async () => {
    cert = makeSelfSignedCert();
    server = await startServer({ tls: { cert: cert.cert, key: cert.key } });
  });
  after(async () => {
    await server.close();
    cert.dispose();
  });

  test('the reference server serves https:// and wss://', async () => {
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(await httpsStatus(`${server.url}/api/health`, cert.cert), 200);
  });

  test('--ca: a run against the self-signed server verifies it and streams', async () => {
    const out = await runSustained(plan(server.url, { tls: { ca: cert.cert } }));
    const c = out.summary.counts;
    assert.equal(out.unusable, null);
    assert.ok(c.chunks_acked > 0 && c.chunks_acked === c.chunks_due, JSON.stringify(c));
    assert.equal(c.sessions_started, 2);
    assert.equal(server.sessionCount(), 0, 'sessions deleted');
    assert.ok(!out.warnings.includes(INSECURE_WARNING));
  });

  test('verified by default: an unknown certificate makes the target unusable, naming the reason', async () => {
    const out = await runSustained(plan(server.url));
    assert.match(out.unusable ?? '', /certificate is not trusted \(self-signed certificate[^)]*\); trust its CA with --ca FILE, or skip verification with --insecure/);
    assert.equal(out.summary.counts.chunks_acked, 0);
  });

  test('insecure: streams without verification and says so loudly', async () => {
    const out = await runSustained(plan(server.url, { tls: { insecure: true } }));
    assert.equal(out.unusable, null);
    assert.ok(out.summary.counts.chunks_acked > 0);
    assert.ok(out.warnings.includes(INSECURE_WARNING), out.warnings.join('\n'));
    assert.equal(server.sessionCount(), 0);
  });

  test('an https:// client against a plain http server is told to check the scheme', async () => {
    const plain = await startServer({});
    try {
      const out = await runSustained(plan(plain.url.replace('http:', 'https:')));
      assert.match(out.unusable ?? '', /TLS handshake failed .*is the target really https:\/\/\?/);
    } finally {
      await plain.close();
    }
  });

  test('sustained --ca verifies and passes; --insecure is marked in the table, JSON and JUnit; neither: exit 3', async () => {
    const quick = ['--sessions', '1', '--duration', '500ms', '--max-lag', '1s', '--profile', 'smoke'];
    const ca = await runCli(['sustained', '--target', server.url, '--ca', cert.certFile, ...quick, '--json', '-', '--quiet'], { timeoutMs: 30_000 });
    assert.equal(ca.code, 0, ca.stderr);
    assert.ok(!JSON.parse(ca.stdout).warnings.includes(INSECURE_WARNING));
    const dir = mkdtempSync(join(tmpdir(), 'pipebench-tls-junit-'));
    try {
      const junit = join(dir, 'junit.xml');
      const insecure = await runCli(['sustained', '--target', server.url, '--insecure', ...quick, '--junit', junit], { timeoutMs: 30_000 });
      assert.equal(insecure.code, 0, insecure.stderr);
      assert.match(insecure.stdout, /warning: INSECURE: TLS certificate verification is OFF/);
      assert.match(readFileSync(junit, 'utf8'), /<property name="warning" value="INSECURE: TLS certificate verification is OFF/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const none = await runCli(['sustained', '--target', server.url, ...quick], { timeoutMs: 30_000 });
    assert.equal(none.code, 3, none.stderr);
    assert.match(none.stdout + none.stderr, /certificate is not trusted .*--ca FILE.*--insecure/);
    const both = await runCli(['sustained', '--target', server.url, '--ca', cert.certFile, '--insecure', ...quick]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--ca and --insecure: give one/);
    const plain = await runCli(['sustained', '--target', 'http://127.0.0.1:9', '--ca', cert.keyFile, ...quick]);
    assert.equal(plain.code, 2);
    assert.match(plain.stderr, /--ca: the target http:\/\/127\.0\.0\.1:9 is not https:\/\//);
    assert.equal(server.sessionCount(), 0);
  });

  test('latency, batch and check: --ca verifies, --insecure is marked, neither is exit 3', async () => {
    const runs: Array<[string, string[]]> = [
      ['latency', ['--chunks', '2', '--max-lag', '1s']],
      ['batch', ['--endpoint', 'fft', '--requests', '2', '--audio-seconds', '0.1', '--max-lag', '1s']],
      ['check', ['--only', 'health,session-create,ws-connect,ping']],
    ];
    for (const [cmd, extra] of runs) {
      const ca = await runMain([cmd, '--target', server.url, '--ca', cert.certFile, ...extra, '--json', '-', '--quiet']);
      assert.equal(ca.code, 0, `${cmd} --ca: ${ca.stderr}`);
      const insecure = JSON.parse((await runMain([cmd, '--target', server.url, '--insecure', ...extra, '--json', '-', '--quiet'])).stdout);
      assert.equal(insecure.exit_code, 0, cmd);
      assert.ok(insecure.warnings.includes(INSECURE_WARNING), `${cmd}: ${insecure.warnings}`);
      const none = await runMain([cmd, '--target', server.url, ...extra, '--quiet']);
      assert.equal(none.code, 3, `${cmd} without --ca: ${none.stderr}`);
    }
    assert.equal(server.sessionCount(), 0);
  });

  test('serve --tls-cert/--tls-key prints an https listening line; one without the other is a usage error', async () => {
    const half = await runCli(['serve', '--port', '0', '--tls-cert', cert.certFile], { timeoutMs: 20_000 });
    assert.equal(half.code, 2);
    assert.match(half.stderr, /--tls-cert and --tls-key: give both/);
    const missing = await runCli(['serve', '--port', '0', '--tls-cert', cert.certFile, '--tls-key', `${cert.keyFile}.nope`], { timeoutMs: 20_000 });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--tls-key: cannot read '.*\.nope' \(ENOENT\)/);
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--tls-cert', cert.certFile, '--tls-key', cert.keyFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no listening line in 20 s: ${out}`)), 20_000);
        child.stdout.on('data', (d) => {
          out += d;
          const m = /^pipebench serve listening on (\S+)$/m.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
      });
      assert.match(line, /^https:\/\//);
      assert.equal(await httpsStatus(`${line}/api/health`, cert.cert), 200);
    } finally {
      const closed = new Promise((r) => child.once('close', r));
      child.kill('SIGTERM');
      await closed;
    }
  });
});
