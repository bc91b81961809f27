import { roleSchema } from '../../../shared/api/roles.ts';
import type { InvitationRecord } from '../types.ts';
import type { SqlParams } from './params.ts';

/**
 * A row of `invitations`, but for the token hash: it is only ever matched, never read back (the
 * SQLite store selects it with `*` and leaves it unused).
 */
export interface InvitationRow {
  id: string;
  document_id: string;
  role: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  accepted_count: number;
}

/** Reads an invitation row. */
export function toInvitationRecord(row: InvitationRow): InvitationRecord {
  return {
    id: row.id,
    documentId: row.document_id,
    role: roleSchema.parse(row.role),
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    acceptedCount: row.accepted_count,
  };
}

/** Stores a new invitation: not revoked, accepted by nobody yet. */
export const INSERT_INVITATION_SQL = `INSERT INTO invitations
    (id, token_hash, document_id, role, created_by, created_at, expires_at, revoked_at,
     accepted_count)
  VALUES (@id, @tokenHash, @documentId, @role, @createdBy, @createdAt, @expiresAt, NULL, 0)`;

/** The parameters of {@link INSERT_INVITATION_SQL}. */
export function toInvitationParams(
  invitation: InvitationRecord & { tokenHash: string },
): SqlParams {
  return {
    id: invitation.id,
    tokenHash: invitation.tokenHash,
    documentId: invitation.documentId,
    role: invitation.role,
    createdBy: invitation.createdBy,
    createdAt: invitation.createdAt,
    expiresAt: invitation.expiresAt,
  };
}
