import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { MessageMalformed, MessageRefused, MessageTooBig } from '../../shared/closeCodes.ts';
import type { CloseEvent } from '../../shared/closeCodes.ts';
import {
  MAX_AWARENESS_UPDATES_PER_SECOND,
  MAX_DOCUMENTS_PER_SOCKET,
  MAX_UNAUTHENTICATED_BYTES,
} from '../../shared/limits.ts';
import { MessageType } from './collabMessage.ts';
import { checkFrame } from './frameCheck.ts';

/** What the guard needs to know about the socket it watches. */
export interface FrameGuardOptions {
  /** Whether the socket has authenticated for at least one document. */
  authenticated: () => boolean;
  /** The TCP connection under the WebSocket (the upgrade request's socket). */
  connection: Duplex;
}

/** Why the guard refused a socket, for the one line logged when it closes. */
export interface FrameRefusal {
  problem: string;
  code: number;
  /** Frames that arrived after the refusal and were dropped unread. */
  framesDropped: number;
}

/** What the guard tells about its socket. */
export interface FrameGuard {
  /** Why the socket was refused, or null while it has not been. */
  refusal(): FrameRefusal | null;
}

/**
 * How long a socket that sent a frame over MAX_COLLAB_MESSAGE_BYTES keeps its connection after
 * the close frame is sent, so the close code reaches the client before the connection ends.
 */
const OVERSIZED_CLOSE_GRACE_MS = 250;

/**
 * Puts a check in front of every frame Hocuspocus would receive on `socket`, and closes the
 * socket with a named code on the first frame that fails it:
 * - a text frame, or a binary frame that is not a well-formed client message, or a document
 *   update that fails validation (`checkFrame`): `malformed-message`;
 * - a frame for more than MAX_DOCUMENTS_PER_SOCKET documents: `message-refused`;
 * - more than MAX_UNAUTHENTICATED_BYTES before authenticating: `message-too-big`;
 * - a frame over MAX_COLLAB_MESSAGE_BYTES (refused by ws itself, 1009): the connection stops
 *   being read at once.
 *
 * Presence updates beyond MAX_AWARENESS_UPDATES_PER_SECOND are dropped without closing.
 *
 * Hocuspocus 3.4.4 decodes frames itself and, on garbage, logs to the console and closes with
 * its own codes, or keeps a queue per claimed document name that grows until the socket closes
 * (the unauthenticated-memory advisory GHSA-xwhh-v746-pj9m). The check runs by intercepting the
 * socket's `message` events, since ws offers no way to stop a listener that Hocuspocus adds;
 * refused frames, and every frame after them, never reach it.
 */
export function guardFrames(socket: WebSocket, options: FrameGuardOptions): FrameGuard {
  const documents = new Set<string>();
  let unauthenticatedBytes = 0;
  let refusal: FrameRefusal | null = null;
  // Presence updates: a token bucket of MAX_AWARENESS_UPDATES_PER_SECOND, refilled continuously.
  let awarenessTokens = MAX_AWARENESS_UPDATES_PER_SECOND;
  let awarenessCheckedAt = performance.now();
  // Hocuspocus re-emits the frames it queued before authentication, without ws' isBinary flag;
  // those were checked when they arrived.
  const passed = new WeakSet<Uint8Array>();

  // Not logged here: an attacker sends frames far faster than the server closes it, so the
  // socket's one close line carries the refusal and the count of frames dropped after it.
  const refuse = (close: CloseEvent, problem: string) => {
    refusal = { problem, code: close.code, framesDropped: 0 };
    socket.close(close.code, close.reason);
  };

  const check = (data: unknown, isBinary: unknown): boolean => {
    if (refusal) {
      refusal.framesDropped += 1;
      return false;
    }
    if (data instanceof Uint8Array && passed.has(data)) return true;
    if (isBinary !== true || !(data instanceof Uint8Array)) {
      refuse(MessageMalformed, 'text frame');
      return false;
    }
    if (!options.authenticated()) {
      unauthenticatedBytes += data.length;
      if (unauthenticatedBytes > MAX_UNAUTHENTICATED_BYTES) {
        refuse(MessageTooBig, 'too much before authenticating');
        return false;
      }
    }
    const frame = checkFrame(data);
    if (!frame.ok) {
      refuse(MessageMalformed, frame.problem);
      return false;
    }
    if (!documents.has(frame.documentName)) {
      if (documents.size >= MAX_DOCUMENTS_PER_SOCKET) {
        refuse(MessageRefused, 'too many documents on one socket');
        return false;
      }
      documents.add(frame.documentName);
    }
    if (frame.type === MessageType.Awareness) {
      const now = performance.now();
      awarenessTokens = Math.min(
        MAX_AWARENESS_UPDATES_PER_SECOND,
        awarenessTokens + ((now - awarenessCheckedAt) / 1000) * MAX_AWARENESS_UPDATES_PER_SECOND,
      );
      awarenessCheckedAt = now;
      // Over the rate: dropped, not refused. Presence is best effort, and the client's next
      // update carries its whole state again.
      if (awarenessTokens < 1) return false;
      awarenessTokens -= 1;
    }
    passed.add(data);
    return true;
  };

  // ws refuses a frame over its maxPayload with 1009 as soon as it reads the frame's header, but
  // then reads, and throws away, everything the client goes on sending until the close
  // handshake ends. A client that sends 4 MiB frames makes the server allocate 4 MiB for each
  // one regardless (the RSS grew by 60 MB in the attack test). Reading stops instead, and the
  // connection ends shortly after the close frame has gone out.
  socket.on('error', (error: Error & { code?: string }) => {
    if (error.code !== 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return;
    refusal ??= { problem: 'frame over MAX_COLLAB_MESSAGE_BYTES', code: 1009, framesDropped: 0 };
    // After ws' own nextTick resume, before any more data is read.
    process.nextTick(() => options.connection.pause());
    setTimeout(() => options.connection.destroy(), OVERSIZED_CLOSE_GRACE_MS).unref();
  });

  const emit = socket.emit.bind(socket);
  socket.emit = (event: string | symbol, ...args: unknown[]): boolean => {
    if (event === 'message' && !check(args[0], args[1])) return false;
    return emit(event, ...args);
  };
  return { refusal: () => refusal };
}
