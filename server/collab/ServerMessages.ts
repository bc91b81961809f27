import type { Connection, Hocuspocus } from '@hocuspocus/server';
import type { ServerMessage } from '../../shared/api/serverMessages.ts';
import { readCollabContext } from './CollabContext.ts';

/** Sends one server message (a Hocuspocus stateless message) on one connection. */
export function sendServerMessage(connection: Connection, message: ServerMessage): void {
  connection.sendStateless(JSON.stringify(message));
}

/**
 * Tells open collaboration sockets that something the server keeps outside the text changed
 * (threads, the comment period, an inbox), so clients fetch it again instead of polling. This is
 * the one place such messages leave the server, and the place a multi-node setup will relay them
 * through Redis.
 */
export class ServerMessages {
  constructor(private readonly hocuspocus: Hocuspocus) {}

  /**
   * Sends `message` to every connection of a document. A document that is not loaded has no
   * connections, so there is nobody to tell.
   */
  toDocument(documentId: string, message: ServerMessage): void {
    const document = this.hocuspocus.documents.get(documentId);
    if (!document) return;
    for (const connection of document.getConnections()) sendServerMessage(connection, message);
  }

  /** Sends `message` to every open connection of these users, whatever document it is on. */
  toUsers(userIds: Iterable<string>, message: ServerMessage): void {
    const wanted = new Set(userIds);
    if (wanted.size === 0) return;
    for (const document of this.hocuspocus.documents.values()) {
      for (const connection of document.getConnections()) {
        const context = readCollabContext(connection.context);
        if (context && wanted.has(context.userId)) sendServerMessage(connection, message);
      }
    }
  }
}
