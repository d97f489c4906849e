/**
 * TLS for https:// and wss:// targets: certificates are verified by default (Node's CA store,
 * or `ca` when given); `insecure` turns verification off and every report says so.
 */

/** How a client checks the server's certificate. */
export interface TlsClientOptions {
  /** PEM text of the CA certificate(s) to trust instead of Node's store (`--ca FILE`). */
  ca?: string;
  /** Accept any certificate (`--insecure`): no verification at all. */
  insecure?: boolean;
}

/** The warning every report carries when verification is off. */
export const INSECURE_WARNING =
  'INSECURE: TLS certificate verification is OFF (--insecure); the target was not authenticated. Use --ca FILE to trust a private CA instead.';

/** Options for the HTTP transport's and ws's tls.connect. */
export function tlsConnectOptions(tls: TlsClientOptions | undefined): { ca?: string; rejectUnauthorized: boolean } {
  return { ...(tls?.ca ? { ca: tls.ca } : {}), rejectUnauthorized: tls?.insecure !== true };
}

/** OpenSSL/Node codes of a certificate the client refused. */
const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED', 'CERT_REVOKED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_SIGNATURE_FAILURE',
]);

/**
 * A TLS failure told in terms of what to do, or null when `code` is not one. A refused
 * certificate leaves the target unusable (exit 3), not a per-request error.
 */
export function tlsProblem(code: string, message: string): string | null {
  if (UNTRUSTED.has(code)) {
    return `TLS: the server's certificate is not trusted (${message}); trust its CA with --ca FILE, or skip verification with --insecure`;
  }
  if (code === 'EPROTO' || code.startsWith('ERR_SSL_')) {
    // OpenSSL's text is `<hex>:error:<code>:SSL routines:<function>:<reason>:<file>:<line>:`.
    const reason = /SSL routines:[^:]*:([^:]+)/.exec(message)?.[1] ?? message.split('\n')[0].trim();
    return `TLS handshake failed (${reason}); is the target really https://?`;
  }
  return null;
}
