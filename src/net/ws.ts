/**
 * The one module that imports `ws`: the client (load/socket.ts for sessions, check/socket.ts for
 * conversations built on it) and the reference server's WebSocketServer. An upgrade of `ws`
 * touches this file only.
 */
import WebSocket, { WebSocketServer, type RawData } from 'ws';

export { WebSocket, WebSocketServer, type RawData };
export default WebSocket;
