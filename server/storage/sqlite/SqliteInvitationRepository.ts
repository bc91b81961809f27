import type Database from 'better-sqlite3';
import { roleSchema, type Role } from '../../../shared/api/roles.ts';
import {
  INSERT_INVITATION_SQL,
  toInvitationParams,
  toInvitationRecord,
  type InvitationRow,
} from '../rows/invitationRows.ts';
import type { InvitationRecord, InvitationRepository } from '../types.ts';
import type { SqliteMembershipRepository } from './SqliteMembershipRepository.ts';

/** Invitation links in SQLite. */
export class SqliteInvitationRepository implements InvitationRepository {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly memberships: SqliteMembershipRepository,
  ) {
    this.statements = {
      insert: db.prepare(INSERT_INVITATION_SQL),
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
    this.statements.insert.run(toInvitationParams(invitation));
  }

  async findByTokenHash(tokenHash: string): Promise<InvitationRecord | null> {
    const row = this.statements.byToken.get(tokenHash);
    return row ? toInvitationRecord(row) : null;
  }

  async get(id: string): Promise<InvitationRecord | null> {
    const row = this.statements.byId.get(id);
    return row ? toInvitationRecord(row) : null;
  }

  async listForDocument(documentId: string): Promise<InvitationRecord[]> {
    return this.statements.forDocument.all(documentId).map(toInvitationRecord);
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
