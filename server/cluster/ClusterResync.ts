import type { AccessChanges } from '../collab/AccessChanges.ts';
import type { ServerMessages } from '../collab/ServerMessages.ts';
import type { Logger } from '../logger.ts';
import type { Cluster } from './Cluster.ts';

/**
 * Catches this node's sockets up after cluster events may have been lost (a Redis outage):
 * events are not queued anywhere, so the node re-reads from the database what they would have
 * said. Every open connection's role is checked and changes are applied as an `access-changed`
 * event would have applied them (a demoted user becomes read-only, a removed one is closed),
 * and every connection is told to fetch threads, the document's metadata and the inbox again,
 * with the messages the events use. The text needs none of this: Yjs syncs by state.
 *
 * A re-check asked for while one runs runs once more afterwards, so an outage that ends during
 * a re-check is not missed, and a burst of causes costs at most two.
 */
export class ClusterResync {
  private running: Promise<void> | null = null;
  private again: string | null = null;

  constructor(
    cluster: Cluster,
    private readonly access: AccessChanges,
    private readonly messages: ServerMessages,
    private readonly logger: Logger,
  ) {
    cluster.onEventsLost((cause) => {
      void this.request(cause);
    });
  }

  /** Re-checks now, or after the running re-check; resolves when that re-check has finished. */
  request(cause: string): Promise<void> {
    if (this.running) {
      this.again = cause;
      return this.running;
    }
    this.running = this.run(cause).finally(() => {
      this.running = null;
      const next = this.again;
      this.again = null;
      if (next !== null) void this.request(next);
    });
    return this.running;
  }

  private async run(cause: string): Promise<void> {
    try {
      const roles = await this.access.recheckAll();
      const told = this.messages.toEveryConnectionHere([
        { type: 'threads-changed', threadIds: [] },
        { type: 'document-changed' },
        { type: 'notifications-changed' },
      ]);
      this.logger.info('caught up after lost cluster events', {
        cause,
        connections: roles.connections,
        rolesChanged: roles.changed,
        closed: roles.closed,
        told,
      });
    } catch (error) {
      // The database is down too, most likely; the sockets keep the roles they had, as they
      // would have without the re-check, and the next outage's end tries again.
      this.logger.error('could not catch up after lost cluster events', { cause, error });
    }
  }
}
