import type pg from 'pg';
import { roleSchema, type Role } from '../../../shared/api/roles.ts';
import {
  INSERT_INVITATION_SQL,
  toInvitationParams,
  toInvitationRecord,
  type InvitationRow,
} from '../rows/invitationRows.ts';
import type { InvitationRecord, InvitationRepository } from '../types.ts';
import { grantAtLeast } from './PostgresMembershipRepository.ts';
import { positional, withTransaction } from './sql.ts';

// Every column but the token hash, which is only ever matched, never read back.
const COLUMNS =
  'id, document_id, role, created_by, created_at, expires_at, revoked_at, accepted_count';

/** Invitation links in PostgreSQL. */
export class PostgresInvitationRepository implements InvitationRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(invitation: InvitationRecord & { tokenHash: string }): Promise<void> {
    await this.pool.query(positional(INSERT_INVITATION_SQL, toInvitationParams(invitation)));
  }

  async findByTokenHash(tokenHash: string): Promise<InvitationRecord | null> {
    const result = await this.pool.query<InvitationRow>(
      `SELECT ${COLUMNS} FROM invitations WHERE token_hash = $1`,
      [tokenHash],
    );
    const row = result.rows[0];
    return row ? toInvitationRecord(row) : null;
  }

  async get(id: string): Promise<InvitationRecord | null> {
    const result = await this.pool.query<InvitationRow>(
      `SELECT ${COLUMNS} FROM invitations WHERE id = $1`,
      [id],
    );
    const row = result.rows[0];
    return row ? toInvitationRecord(row) : null;
  }

  async listForDocument(documentId: string): Promise<InvitationRecord[]> {
    const result = await this.pool.query<InvitationRow>(
      `SELECT ${COLUMNS} FROM invitations WHERE document_id = $1
       ORDER BY created_at COLLATE "C" DESC`,
      [documentId],
    );
    return result.rows.map(toInvitationRecord);
  }

  async revoke(id: string, at: Date): Promise<void> {
    await this.pool.query(
      'UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL',
      [at.toISOString(), id],
    );
  }

  async accept(id: string, userId: string): Promise<Role> {
    return withTransaction(this.pool, async (client) => {
      const counted = await client.query<{ document_id: string; role: string }>(
        `UPDATE invitations SET accepted_count = accepted_count + 1 WHERE id = $1
         RETURNING document_id, role`,
        [id],
      );
      const row = counted.rows[0];
      if (!row) throw new Error(`invitation ${id} vanished`);
      return grantAtLeast(client, row.document_id, userId, roleSchema.parse(row.role));
    });
  }
}
