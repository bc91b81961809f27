import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Hocuspocus } from '@hocuspocus/server';
import { WebSocketServer, type WebSocket } from 'ws';
import { AuthenticationFailed } from '../../shared/closeCodes.ts';
import { COLLAB_SOCKET_TIMEOUT_MS, MAX_COLLAB_MESSAGE_BYTES } from '../../shared/limits.ts';
import { REQUEST_ID_HEADER, requestIdFrom } from '../http/requestId.ts';
import { isSameOrigin } from '../http/sameOrigin.ts';
import { withLogFields } from '../logContext.ts';
import { guardFrames } from './guardFrames.ts';
import type { Logger } from '../logger.ts';

/** Path of the collaboration socket, as the public API promises. */
export const COLLAB_PATH = '/collab';

/** How the socket is guarded before Hocuspocus sees it. */
export interface CollabSocketOptions {
  /** Upgrade requests that have passed `onAuthenticate` for at least one document. */
  authenticated: WeakSet<IncomingMessage>;
  /** Public origins besides the request's own host (PUBLIC_URL), for the Origin check. */
  allowedOrigins: () => readonly string[];
  /** Time to authenticate, and the heartbeat interval. @default COLLAB_SOCKET_TIMEOUT_MS */
  timeoutMs?: number;
}

/**
 * Mounts the collaboration socket on our own HTTP server. Hocuspocus' own `Server` binds every
 * interface and ignores HOST, so we hand upgrades to `handleConnection` from a `ws` server we
 * configure ourselves, with the guards Hocuspocus 3.4.4 does not have:
 * - a frame size limit that applies before any authentication, and a check of every frame's
 *   envelope before Hocuspocus decodes it (`guardFrames`);
 * - an Origin check, because browsers may authenticate with the session cookie, and a page on
 *   another site (even a sibling subdomain, which counts as same-site) must not open a document
 *   as the user;
 * - a deadline to authenticate, and a heartbeat that drops dead peers. Hocuspocus' own ping only
 *   ends document connections and leaves the socket open, so idle sockets would pile up.
 *
 * Each upgrade gets a request id, as an HTTP request does (taken from the proxy's `X-Request-Id`
 * if sane, echoed in the 101 response), and every line logged about the socket carries it.
 */
export function attachCollabSocket(
  server: Server,
  hocuspocus: Hocuspocus,
  logger: Logger,
  options: CollabSocketOptions,
): WebSocketServer {
  const timeoutMs = options.timeoutMs ?? COLLAB_SOCKET_TIMEOUT_MS;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_COLLAB_MESSAGE_BYTES,
    // Compression costs CPU per frame on the hot path for small Yjs updates; leave it off.
    perMessageDeflate: false,
  });
  const alive = new WeakMap<WebSocket, boolean>();
  // Socket events fire outside the upgrade's async context, so the id travels with the request.
  const requestIds = new WeakMap<IncomingMessage, string>();
  wss.on('headers', (headers, request: IncomingMessage) => {
    const requestId = requestIds.get(request);
    if (requestId !== undefined) headers.push(`${REQUEST_ID_HEADER}: ${requestId}`);
  });

  wss.on('connection', (socket, request: IncomingMessage) => {
    const requestId = requestIds.get(request);
    const socketLogger = requestId === undefined ? logger : logger.child({ requestId });
    const openedAt = performance.now();
    socketLogger.info('collab socket opened', { path: COLLAB_PATH });
    socket.on('close', (code) =>
      socketLogger.info('collab socket closed', {
        code,
        durationMs: Math.round(performance.now() - openedAt),
      }),
    );
    socket.on('error', (error) =>
      socketLogger.warn('collab socket error', { error: error.message }),
    );
    alive.set(socket, true);
    socket.on('pong', () => alive.set(socket, true));
    const deadline = setTimeout(() => {
      if (options.authenticated.has(request)) return;
      socketLogger.warn('closed a collab socket that did not authenticate in time', { timeoutMs });
      socket.close(AuthenticationFailed.code, AuthenticationFailed.reason);
    }, timeoutMs);
    socket.on('close', () => clearTimeout(deadline));
    guardFrames(socket, {
      authenticated: () => options.authenticated.has(request),
      connection: request.socket,
      logger: socketLogger,
    });
    hocuspocus.handleConnection(socket, request);
  });

  const heartbeat = setInterval(() => {
    for (const socket of wss.clients) {
      if (alive.get(socket) === false) {
        socket.terminate();
        continue;
      }
      alive.set(socket, false);
      socket.ping();
    }
  }, timeoutMs);
  heartbeat.unref();
  server.on('close', () => clearInterval(heartbeat));

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const header = request.headers[REQUEST_ID_HEADER.toLowerCase()];
    const requestId = requestIdFrom(typeof header === 'string' ? header : undefined);
    requestIds.set(request, requestId);
    withLogFields({ requestId }, () => upgrade(request, socket, head));
  });

  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname !== COLLAB_PATH && !pathname.startsWith(`${COLLAB_PATH}/`)) {
      socket.destroy();
      return;
    }
    const origin = request.headers.origin;
    // Node clients send no Origin; browsers always do, and theirs must be ours.
    if (
      origin !== undefined &&
      !isSameOrigin(origin, request.headers.host, options.allowedOrigins())
    ) {
      logger.warn('refused a collab socket from another origin', { origin });
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  return wss;
}
