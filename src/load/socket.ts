/** Opening and closing one session socket (ws), with the handshake and close bounded in time. */
import WebSocket from '../net/ws.js';
import { tlsConnectOptions, type TlsClientOptions } from './tls.js';

export interface SocketHandlers {
  headers: Record<string, string>;
  deflate: boolean;
  timeoutMs: number;
  /** Certificate checks for wss:// (verified by default). */
  tls?: TlsClientOptions;
  onMessage: (data: Buffer) => void;
  onError: (message: string) => void;
  /** A socket that did open has closed (by either side). */
  onClose: (ws: WebSocket, code: number, reason: string) => void;
}

/** What every client socket is opened with (sessions, checks, `latency`). */
export type ClientSocketOptions = Pick<SocketHandlers, 'headers' | 'deflate' | 'timeoutMs' | 'tls'>;

/** The one place a client WebSocket is created: headers, permessage-deflate, handshake timeout, TLS checks. */
export function newClientSocket(url: string, o: ClientSocketOptions): WebSocket {
  return new WebSocket(url, { headers: o.headers, perMessageDeflate: o.deflate, handshakeTimeout: o.timeoutMs, ...tlsConnectOptions(o.tls) });
}

/** Open a socket; null when it closed before opening (the reason went to onError). */
export function openSocket(url: string, h: SocketHandlers): Promise<WebSocket | null> {
  return new Promise((resolve) => {
    const ws = newClientSocket(url, h);
    let opened = false;
    let errored = false;
    ws.on('open', () => {
      opened = true;
      resolve(ws);
    });
    ws.on('message', (data: Buffer) => h.onMessage(data));
    ws.on('error', (err) => {
      errored = true;
      h.onError(err.message);
    });
    ws.on('close', (code, reason) => {
      if (!opened) {
        if (!errored) h.onError(`closed ${code} before open`);
        resolve(null);
      } else h.onClose(ws, code, reason.toString());
    });
  });
}

/** Close politely, but never wait more than a second for the server's close frame. */
export function closeSocket(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve();
    const t = setTimeout(() => {
      ws.terminate();
      resolve();
    }, 1000);
    ws.once('close', () => {
      clearTimeout(t);
      resolve();
    });
    try {
      ws.close(1000, 'pipebench done');
    } catch {
      ws.terminate();
    }
  });
}
