import type { beforeHandleMessagePayload, Extension, onStatelessPayload } from '@hocuspocus/server';
import { MessageRefused } from '../../shared/closeCodes.ts';
import { CloseError } from './CloseError.ts';
import type { Logger } from '../logger.ts';
import { decodeCollabMessage } from './collabMessage.ts';

/**
 * Refuses messages no client may send. Hocuspocus relays a client's stateless broadcast to every
 * other socket unchecked; untrusted peers must not be able to talk to each other through the
 * server, so such a message closes the sender's connection and reaches no one.
 */
export class MessagePolicyExtension implements Extension {
  extensionName = 'remiss-message-policy';
  priority = 900;

  constructor(private readonly logger: Logger) {}

  async beforeHandleMessage(payload: beforeHandleMessagePayload): Promise<void> {
    const message = decodeCollabMessage(payload.update);
    if (message.kind === 'broadcast-stateless') {
      this.logger.warn('refused a stateless broadcast from a client', {
        documentId: payload.documentName,
        socketId: payload.socketId,
      });
      throw new CloseError(MessageRefused);
    }
  }

  async onStateless(payload: onStatelessPayload): Promise<void> {
    // No client-to-server stateless messages are defined yet; ignore rather than echo.
    this.logger.debug('ignored a stateless message', { documentId: payload.documentName });
  }
}
