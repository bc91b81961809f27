import { roleAtLeast, type Role } from '../../../../shared/api/roles.ts';
import { effectiveRole } from '../../../access/effectiveRole.ts';
import { Forbidden, NotFound } from '../../../http/HttpError.ts';
import type { DocumentRecord, Storage, UserRecord } from '../../../storage/types.ts';

/**
 * Loads a document and checks that the user holds at least `minimum` in it. Unknown documents
 * are 404; documents the user is not a member of, or holds too small a role in, are 403.
 */
export async function requireDocumentRole(
  storage: Storage,
  documentId: string,
  user: UserRecord,
  minimum: Role,
): Promise<{ document: DocumentRecord; role: Role }> {
  const document = await storage.documents.get(documentId);
  if (!document) throw NotFound('No such document.');
  const role = await effectiveRole(storage, documentId, user);
  if (!role) throw Forbidden('You are not a member of this document.');
  if (!roleAtLeast(role, minimum)) {
    throw Forbidden(`This needs the ${minimum} role or higher; you are ${role}.`);
  }
  return { document, role };
}
