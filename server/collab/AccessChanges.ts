import { OutgoingMessage, type Hocuspocus } from '@hocuspocus/server';
import { canEditText } from '../../shared/api/roles.ts';
import { AuthorizationFailed } from '../../shared/closeCodes.ts';
import { effectiveRole } from '../access/effectiveRole.ts';
import { SingleNode, type Cluster } from '../cluster/Cluster.ts';
import type { Logger } from '../logger.ts';
import type { Storage } from '../storage/types.ts';
import { readCollabContext } from './CollabContext.ts';
import { sendServerMessage } from './ServerMessages.ts';

/**
 * Applies a role change to the sockets a user already has open, at once: a downgrade makes the
 * connection read-only before its next message is handled, an upgrade makes it writable, and a
 * removal closes the socket. Clients are told with a stateless message so the UI follows. With
 * several nodes, every node re-checks the sockets it holds.
 */
export class AccessChanges {
  constructor(
    private readonly hocuspocus: Hocuspocus,
    private readonly storage: Storage,
    private readonly logger: Logger,
    private readonly cluster: Cluster = new SingleNode(),
  ) {
    cluster.subscribe((event) => {
      if (event.type !== 'access-changed') return;
      this.refreshHere(event.documentId, event.userId).catch((error: unknown) => {
        this.logger.error('could not apply a role change made on another node', {
          documentId: event.documentId,
          userId: event.userId,
          error,
        });
      });
    });
  }

  /**
   * Re-checks `userId`'s access to `documentId` on every open connection of theirs, on every
   * node. Call it after the change is stored: each node reads the role from the database.
   */
  async refresh(documentId: string, userId: string): Promise<void> {
    this.cluster.publish({ type: 'access-changed', documentId, userId });
    await this.refreshHere(documentId, userId);
  }

  /** Re-checks the connections this node holds. */
  private async refreshHere(documentId: string, userId: string): Promise<void> {
    const document = this.hocuspocus.documents.get(documentId);
    if (!document) return;
    const user = await this.storage.users.get(userId);
    const role = user ? await effectiveRole(this.storage, documentId, user) : null;
    for (const connection of document.getConnections()) {
      const context = readCollabContext(connection.context);
      if (context?.userId !== userId) continue;
      sendServerMessage(connection, { type: 'access-changed', role });
      if (!role) {
        this.logger.info('closing the socket of a removed member', { documentId, userId });
        connection.webSocket.close(AuthorizationFailed.code, AuthorizationFailed.reason);
        continue;
      }
      const wasReadOnly = connection.readOnly;
      connection.readOnly = !canEditText(role);
      Object.assign(connection.context as object, { role });
      if (wasReadOnly && !connection.readOnly) {
        // Edits refused while read-only are still in the client's document, and every later
        // update of that client depends on them: without them the server would park (and ack)
        // new edits it cannot show. Ask for everything it lacks, as a reconnect would.
        connection.send(
          new OutgoingMessage(documentId)
            .createSyncMessage()
            .writeFirstSyncStepFor(document)
            .toUint8Array(),
        );
      }
    }
  }
}
