import type {
  beforeHandleMessagePayload,
  Connection,
  Extension,
  onStatelessPayload,
} from '@hocuspocus/server';
import { MessageMalformed, MessageRefused } from '../../shared/closeCodes.ts';
import { CloseError } from './CloseError.ts';
import type { Logger } from '../logger.ts';
import { checkAwarenessIdentity } from './awarenessIdentity.ts';
import { readCollabContext } from './CollabContext.ts';
import { decodeCollabMessage } from './collabMessage.ts';
import { validateYjsUpdate } from './validateYjsUpdate.ts';

/**
 * Refuses messages no client may send, document updates that fail validation (before Yjs
 * decodes them), and presence that claims to be someone else. Hocuspocus relays a client's
 * stateless broadcast to every other socket unchecked; untrusted peers must not be able to talk
 * to each other through the server, so such a message closes the sender's connection and
 * reaches no one.
 */
export class MessagePolicyExtension implements Extension {
  extensionName = 'remiss-message-policy';
  priority = 900;

  /** The awareness client id each document connection announced first. */
  private readonly clientIds = new WeakMap<Connection, number>();

  constructor(private readonly logger: Logger) {}

  async beforeHandleMessage(payload: beforeHandleMessagePayload): Promise<void> {
    const message = decodeCollabMessage(payload.update);
    if (message.kind === 'awareness') {
      this.checkAwareness(payload, message.update);
      return;
    }
    if (message.kind === 'document-update') {
      const check = validateYjsUpdate(message.update);
      if (!check.ok) {
        this.logger.warn('refused a malformed document update', {
          documentId: payload.documentName,
          socketId: payload.socketId,
          problem: check.problem,
          bytes: message.update.length,
        });
        // The whole socket goes, not just this document's connection: a client that sends
        // such bytes is not an editor having a bad moment.
        payload.connection.webSocket.close(MessageMalformed.code, MessageMalformed.reason);
        throw new CloseError(MessageMalformed);
      }
      return;
    }
    if (message.kind === 'broadcast-stateless') {
      this.logger.warn('refused a stateless broadcast from a client', {
        documentId: payload.documentName,
        socketId: payload.socketId,
      });
      throw new CloseError(MessageRefused);
    }
  }

  /** Refuses presence that claims another person, or another connection's client id. */
  private checkAwareness(payload: beforeHandleMessagePayload, update: Uint8Array): void {
    const context = readCollabContext(payload.connection.context);
    if (!context) throw new CloseError(MessageRefused);
    const own = this.clientIds.get(payload.connection) ?? null;
    const { awareness } = payload.document;
    const checked = checkAwarenessIdentity(
      update,
      context.presenceName,
      own,
      (clientId) => awareness.meta.get(clientId)?.clock,
    );
    if (!checked.ok) {
      this.logger.warn('refused an awareness update', {
        documentId: payload.documentName,
        socketId: payload.socketId,
        userId: context.userId,
        problem: checked.problem,
      });
      throw new CloseError(MessageRefused);
    }
    if (checked.clientId !== null) this.clientIds.set(payload.connection, checked.clientId);
  }

  async onStateless(payload: onStatelessPayload): Promise<void> {
    // No client-to-server stateless messages are defined yet; ignore rather than echo.
    this.logger.debug('ignored a stateless message', { documentId: payload.documentName });
  }
}
