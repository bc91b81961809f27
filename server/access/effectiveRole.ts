import type { Role } from '../../shared/api/roles.ts';
import type { Storage, UserRecord } from '../storage/types.ts';

/**
 * The role a user acts with in a document: their membership, except that a site admin acts as
 * owner everywhere. Every HTTP route and the collaboration socket decide access with this.
 */
export async function effectiveRole(
  storage: Storage,
  documentId: string,
  user: Pick<UserRecord, 'id' | 'isAdmin'>,
): Promise<Role | null> {
  if (user.isAdmin) return 'owner';
  return storage.documents.roleOf(documentId, user.id);
}
