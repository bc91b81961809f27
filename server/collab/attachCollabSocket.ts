import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Hocuspocus } from '@hocuspocus/server';
import { WebSocketServer } from 'ws';
import { MAX_COLLAB_MESSAGE_BYTES } from '../../shared/limits.ts';
import type { Logger } from '../logger.ts';

/** Path of the collaboration socket, as the public API promises. */
export const COLLAB_PATH = '/collab';

/**
 * Mounts the collaboration socket on our own HTTP server. Hocuspocus' own `Server` binds every
 * interface and ignores HOST, so we hand upgrades to `handleConnection` from a `ws` server we
 * configure ourselves, with a frame size limit that applies before any authentication.
 */
export function attachCollabSocket(
  server: Server,
  hocuspocus: Hocuspocus,
  logger: Logger,
): WebSocketServer {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_COLLAB_MESSAGE_BYTES,
    // Compression costs CPU per frame on the hot path for small Yjs updates; leave it off.
    perMessageDeflate: false,
  });
  wss.on('connection', (socket, request: IncomingMessage) => {
    socket.on('error', (error) => logger.warn('collab socket error', { error: error.message }));
    hocuspocus.handleConnection(socket, request);
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname !== COLLAB_PATH && !pathname.startsWith(`${COLLAB_PATH}/`)) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });
  return wss;
}
