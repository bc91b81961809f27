import type Database from 'better-sqlite3';
import { roleSchema, type Role } from '../../../shared/api/roles.ts';
import type { InvitationRecord, InvitationRepository } from '../types.ts';
import type { SqliteMembershipRepository } from './SqliteMembershipRepository.ts';

interface InvitationRow {
  id: string;
  document_id: string;
  role: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  accepted_count: number;
}

function toRecord(row: InvitationRow): InvitationRecord {
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

/** Invitation links in SQLite. */
export class SqliteInvitationRepository implements InvitationRepository {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly memberships: SqliteMembershipRepository,
  ) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO invitations
           (id, token_hash, document_id, role, created_by, created_at, expires_at, revoked_at, accepted_count)
         VALUES (@id, @tokenHash, @documentId, @role, @createdBy, @createdAt, @expiresAt, NULL, 0)`,
      ),
      byToken: db.prepare<[string], InvitationRow>(
        'SELECT * FROM invitations WHERE token_hash = ?',
      ),
      byId: db.prepare<[string], InvitationRow>('SELECT * FROM invitations WHERE id = ?'),
      forDocument: db.prepare<[string], InvitationRow>(
        'SELECT * FROM invitations WHERE document_id = ? ORDER BY created_at DESC',
      ),
      revoke: db.prepare<[string, string]>(
        'UPDATE invitations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
      ),
      count: db.prepare<[string]>(
        'UPDATE invitations SET accepted_count = accepted_count + 1 WHERE id = ?',
      ),
    };
  }

  async create(invitation: InvitationRecord & { tokenHash: string }): Promise<void> {
    this.statements.insert.run(invitation);
  }

  async findByTokenHash(tokenHash: string): Promise<InvitationRecord | null> {
    const row = this.statements.byToken.get(tokenHash);
    return row ? toRecord(row) : null;
  }

  async get(id: string): Promise<InvitationRecord | null> {
    const row = this.statements.byId.get(id);
    return row ? toRecord(row) : null;
  }

  async listForDocument(documentId: string): Promise<InvitationRecord[]> {
    return this.statements.forDocument.all(documentId).map(toRecord);
  }

  async revoke(id: string, at: Date): Promise<void> {
    this.statements.revoke.run(at.toISOString(), id);
  }

  async accept(id: string, userId: string): Promise<Role> {
    return this.db.transaction(() => {
      const row = this.statements.byId.get(id);
      if (!row) throw new Error(`invitation ${id} vanished`);
      const granted = this.memberships.grantAtLeastSync(
        row.document_id,
        userId,
        roleSchema.parse(row.role),
      );
      this.statements.count.run(id);
      return granted;
    })();
  }
}
