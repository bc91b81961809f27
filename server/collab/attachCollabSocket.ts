import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Hocuspocus } from '@hocuspocus/server';
import { WebSocketServer, type WebSocket } from 'ws';
import { AuthenticationFailed } from '../../shared/closeCodes.ts';
import { COLLAB_SOCKET_TIMEOUT_MS, MAX_COLLAB_MESSAGE_BYTES } from '../../shared/limits.ts';
import { REQUEST_ID_HEADER, requestIdFrom } from '../http/requestId.ts';
import { isSameOrigin } from '../http/sameOrigin.ts';
import { upgradeClientAddress } from '../http/upgradeClientAddress.ts';
import { withLogFields } from '../logContext.ts';
import { CollabAttemptLimiter } from './CollabAttemptLimiter.ts';
import { guardFrames } from './guardFrames.ts';
import { TurnCorker } from './TurnCorker.ts';
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
  /**
   * Refuse upgrades from an address whose sockets keep failing (`CollabAttemptLimiter`). Only
   * the bench turns it off, because it runs hundreds of clients from one address that all
   * connect at once; never off in production. @default true
   */
  limitFailedAttempts?: boolean;
  /**
   * Holds each socket's frames for one event-loop turn. Pass the engine's (`buildHocuspocus`),
   * whose turn end also sends the document updates of the turn, merged, before the sockets are
   * flushed. @default a corker of its own
   */
  corker?: TurnCorker;
}

/** Time between two log lines about one address whose upgrades are being refused. */
const REFUSED_UPGRADES_LOG_INTERVAL_MS = 10_000;

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
  // Frames bound for one socket in one event-loop turn leave in one system call (TurnCorker).
  const corker = options.corker ?? new TurnCorker();
  const limiter = options.limitFailedAttempts === false ? null : new CollabAttemptLimiter();
  const addresses = new WeakMap<IncomingMessage, string>();
  // Refusals since the last line logged about each address: one line per address per interval,
  // not one per refused upgrade, which an attacker can make thousands of a second.
  const refusedUpgrades = new Map<string, { count: number; loggedAt: number }>();
  // The 429 answers, by Retry-After: a handful of values (at most burst / rate seconds).
  const tooManyResponses = new Map<number, Buffer>();
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
    const address = addresses.get(request);
    socketLogger.info('collab socket opened', { path: COLLAB_PATH });
    // The token this socket took from its address' bucket: given back once it authenticates.
    let charged = limiter !== null && address !== undefined;
    const settle = () => {
      if (!charged || limiter === null || address === undefined) return;
      charged = false;
      limiter.refund(address);
    };
    if (charged) {
      // Hocuspocus answers a successful authentication at once (Authenticated, then its sync
      // step), so the first frame it sends after the request is marked authenticated is the
      // moment to give the token back; a client need not send anything more for that.
      const send = socket.send.bind(socket) as (...args: unknown[]) => void;
      (socket as unknown as { send: (...args: unknown[]) => void }).send = (...args) => {
        if (charged && options.authenticated.has(request)) settle();
        send(...args);
      };
    }
    corker.holdSends(socket, request.socket);
    const guard = guardFrames(socket, {
      authenticated: () => options.authenticated.has(request),
      connection: request.socket,
    });
    socket.on('close', (code) => {
      const refusal = guard.refusal();
      const authenticated = options.authenticated.has(request);
      if (authenticated && refusal === null) settle();
      else if (!charged && refusal !== null && limiter !== null && address !== undefined) {
        limiter.charge(address);
      }
      const fields = { code, durationMs: Math.round(performance.now() - openedAt) };
      if (refusal === null) socketLogger.info('collab socket closed', fields);
      else socketLogger.warn('collab socket closed', { ...fields, authenticated, refusal });
    });
    socket.on('error', (error: Error & { code?: string }) => {
      // An oversized frame is the guard's refusal, logged with the close.
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return;
      socketLogger.warn('collab socket error', { error: error.message });
    });
    alive.set(socket, true);
    socket.on('pong', () => alive.set(socket, true));
    const deadline = setTimeout(() => {
      if (options.authenticated.has(request)) return;
      socketLogger.warn('closed a collab socket that did not authenticate in time', { timeoutMs });
      socket.close(AuthenticationFailed.code, AuthenticationFailed.reason);
    }, timeoutMs);
    socket.on('close', () => clearTimeout(deadline));
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
    // First, before a request id, a URL or a log context is made: a refused attacker retries at
    // once, thousands of times a second, and each refusal should cost next to nothing.
    if (limiter) {
      const address = upgradeClientAddress(request);
      const retryAfter = limiter.admit(address);
      if (retryAfter > 0) {
        refuseUpgrade(socket, address, retryAfter);
        return;
      }
      addresses.set(request, address);
    }
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

  /** Answers 429 before the handshake; logs the first refusal of an address, then a count. */
  const refuseUpgrade = (socket: Duplex, address: string, retryAfter: number): void => {
    let response = tooManyResponses.get(retryAfter);
    if (!response) {
      response = Buffer.from(
        `HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${retryAfter}\r\n` +
          'Connection: close\r\nContent-Length: 0\r\n\r\n',
      );
      tooManyResponses.set(retryAfter, response);
    }
    socket.end(response);
    const now = performance.now();
    const seen = refusedUpgrades.get(address);
    if (seen && now - seen.loggedAt < REFUSED_UPGRADES_LOG_INTERVAL_MS) {
      seen.count += 1;
      return;
    }
    logger.warn('refusing collab sockets from an address whose sockets keep failing', {
      address,
      retryAfterSeconds: retryAfter,
      refusedSinceLastLine: (seen?.count ?? 0) + 1,
    });
    refusedUpgrades.set(address, { count: 0, loggedAt: now });
    // Forget addresses not refused for a while, so the map holds only current offenders.
    for (const [other, entry] of refusedUpgrades) {
      if (now - entry.loggedAt > REFUSED_UPGRADES_LOG_INTERVAL_MS) refusedUpgrades.delete(other);
    }
  };
  return wss;
}
