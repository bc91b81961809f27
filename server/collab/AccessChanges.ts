import { OutgoingMessage, type Connection, type Hocuspocus } from '@hocuspocus/server';
import { canEditText, type Role } from '../../shared/api/roles.ts';
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
    const role = await this.currentRole(documentId, userId);
    for (const connection of document.getConnections()) {
      if (readCollabContext(connection.context)?.userId !== userId) continue;
      this.apply(documentId, connection, role);
    }
  }

  /**
   * Re-checks every authenticated connection this node holds against the database, and applies
   * the roles that differ from the one the connection acts with, as {@link refresh} would have.
   * For after an outage of the cluster channel, when access changes made on other nodes may not
   * have arrived. One query per user and document, however many sockets they hold.
   */
  async recheckAll(): Promise<AccessRecheck> {
    const result: AccessRecheck = { connections: 0, changed: 0, closed: 0 };
    const roles = new Map<string, Promise<Role | null>>();
    for (const [documentId, document] of [...this.hocuspocus.documents]) {
      for (const connection of document.getConnections()) {
        const context = readCollabContext(connection.context);
        if (!context) continue;
        result.connections += 1;
        const key = `${documentId}\u0000${context.userId}`;
        let role = roles.get(key);
        if (!role) {
          role = this.currentRole(documentId, context.userId);
          roles.set(key, role);
        }
        const current = await role;
        // Read again after the wait: a live role change may have applied it meanwhile.
        if (current === readCollabContext(connection.context)?.role) continue;
        this.apply(documentId, connection, current);
        result.changed += 1;
        if (current === null) result.closed += 1;
      }
    }
    return result;
  }

  private async currentRole(documentId: string, userId: string): Promise<Role | null> {
    const user = await this.storage.users.get(userId);
    return user ? effectiveRole(this.storage, documentId, user) : null;
  }

  /** Tells one connection its role and makes it read-only, writable or closed to match. */
  private apply(documentId: string, connection: Connection, role: Role | null): void {
    const document = this.hocuspocus.documents.get(documentId);
    sendServerMessage(connection, { type: 'access-changed', role });
    if (!role) {
      this.logger.info('closing the socket of a removed member', {
        documentId,
        userId: readCollabContext(connection.context)?.userId,
      });
      connection.webSocket.close(AuthorizationFailed.code, AuthorizationFailed.reason);
      return;
    }
    const wasReadOnly = connection.readOnly;
    connection.readOnly = !canEditText(role);
    Object.assign(connection.context as object, { role });
    if (wasReadOnly && !connection.readOnly && document) {
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

/** What {@link AccessChanges.recheckAll} found. */
export interface AccessRecheck {
  /** Authenticated connections checked. */
  connections: number;
  /** Connections whose role had changed (including removals). */
  changed: number;
  /** Connections closed because their user is no longer a member. */
  closed: number;
}
