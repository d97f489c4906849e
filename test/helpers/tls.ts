/**
 * A throwaway self-signed certificate for 127.0.0.1/localhost, made with the openssl command
 * (Node's crypto cannot issue certificates). Files live in a fresh temporary folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCert {
  certFile: string;
  keyFile: string;
  cert: string;
  key: string;
  /** Remove the folder. */
  dispose(): void;
}

/** A P-256 self-signed certificate valid for a day, for IP 127.0.0.1 and DNS localhost (or the names in `san`). */
export function makeSelfSignedCert(commonName = 'pipebench-test', san = 'IP:127.0.0.1,DNS:localhost'): TestCert {
  const dir = mkdtempSync(join(tmpdir(), 'pipebench-tls-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', `/CN=${commonName}`, '-addext', `subjectAltName=${san}`,
    '-keyout', keyFile, '-out', certFile,
  ], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
  return {
    certFile, keyFile,
    cert: readFileSync(certFile, 'utf8'),
    key: readFileSync(keyFile, 'utf8'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
