import type { Connection, Hocuspocus } from '@hocuspocus/server';
import type { ServerMessage } from '../../shared/api/serverMessages.ts';
import { SingleNode, type Cluster } from '../cluster/Cluster.ts';
import { readCollabContext } from './CollabContext.ts';

/** Sends one server message (a Hocuspocus stateless message) on one connection. */
export function sendServerMessage(connection: Connection, message: ServerMessage): void {
  connection.sendStateless(JSON.stringify(message));
}

/**
 * Tells open collaboration sockets that something the server keeps outside the text changed
 * (threads, the comment period, an inbox), so clients fetch it again instead of polling. This is
 * the one place such messages leave the server; with several nodes each message also goes to
 * the other nodes, which deliver it to their own sockets.
 */
export class ServerMessages {
  constructor(
    private readonly hocuspocus: Hocuspocus,
    private readonly cluster: Cluster = new SingleNode(),
  ) {
    cluster.subscribe((event) => {
      if (event.type === 'to-document') this.deliverToDocument(event.documentId, event.message);
      if (event.type === 'to-users') this.deliverToUsers(event.userIds, event.message);
    });
  }

  /** Sends `message` to every connection of a document, on every node. */
  toDocument(documentId: string, message: ServerMessage): void {
    this.deliverToDocument(documentId, message);
    this.cluster.publish({ type: 'to-document', documentId, message });
  }

  /** Sends `message` to every open connection of these users, whatever document it is on. */
  toUsers(userIds: Iterable<string>, message: ServerMessage): void {
    const wanted = [...new Set(userIds)];
    if (wanted.length === 0) return;
    this.deliverToUsers(wanted, message);
    this.cluster.publish({ type: 'to-users', userIds: wanted, message });
  }

  /**
   * Sends `messages` to every connection this node holds, and to no other node: for when
   * messages meant for them may have been lost, and every node catches up its own sockets.
   * Returns the number of connections told.
   */
  toEveryConnectionHere(messages: readonly ServerMessage[]): number {
    let told = 0;
    for (const document of this.hocuspocus.documents.values()) {
      for (const connection of document.getConnections()) {
        for (const message of messages) sendServerMessage(connection, message);
        told += 1;
      }
    }
    return told;
  }

  /** A document that is not loaded here has no connections here, so nobody here to tell. */
  private deliverToDocument(documentId: string, message: ServerMessage): void {
    const document = this.hocuspocus.documents.get(documentId);
    if (!document) return;
    for (const connection of document.getConnections()) sendServerMessage(connection, message);
  }

  private deliverToUsers(userIds: readonly string[], message: ServerMessage): void {
    const wanted = new Set(userIds);
    for (const document of this.hocuspocus.documents.values()) {
      for (const connection of document.getConnections()) {
        const context = readCollabContext(connection.context);
        if (context && wanted.has(context.userId)) sendServerMessage(connection, message);
      }
    }
  }
}
