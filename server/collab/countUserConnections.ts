import type { Hocuspocus } from '@hocuspocus/server';
import { readCollabContext } from './CollabContext.ts';

/**
 * How many document connections `userId` has open on this server, counted from Hocuspocus' own
 * bookkeeping rather than a tally of ours, which a connection that fails half-way would leave
 * wrong. Linear in the open connections, which is cheap at the sizes one node serves.
 */
export function countUserConnections(hocuspocus: Hocuspocus, userId: string): number {
  let count = 0;
  for (const document of hocuspocus.documents.values()) {
    for (const { connection } of document.connections.values()) {
      if (readCollabContext(connection.context)?.userId === userId) count += 1;
    }
  }
  return count;
}
