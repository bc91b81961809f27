import type pg from 'pg';
import { roles, roleSchema, type Role } from '../../../shared/api/roles.ts';
import { MEMBER_COLUMNS, toMemberRecord, type MemberRow } from '../rows/memberRows.ts';
import type { MemberRecord, MembershipRepository } from '../types.ts';
import type { Queryable } from './sql.ts';

/**
 * A role's power as a number, higher is stronger, computed in SQL from the one list in shared/,
 * so that granting "at least" a role is a single atomic upsert.
 */
const RANK = (column: string) =>
  `(${roles.length} - array_position(ARRAY[${roles.map((role) => `'${role}'`).join(', ')}], ${column}))`;

/**
 * Gives the user `role` in the document unless they hold an equal or higher one, in one
 * statement (so two invitations accepted at once cannot lower a role), and returns the result.
 */
export async function grantAtLeast(
  db: Queryable,
  documentId: string,
  userId: string,
  role: Role,
): Promise<Role> {
  await db.query(
    `INSERT INTO memberships AS m (document_id, user_id, role, created_at)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (document_id, user_id) DO UPDATE SET role = excluded.role
     WHERE ${RANK('m.role')} < ${RANK('excluded.role')}`,
    [documentId, userId, role, new Date().toISOString()],
  );
  const result = await db.query<{ role: string }>(
    'SELECT role FROM memberships WHERE document_id = $1 AND user_id = $2',
    [documentId, userId],
  );
  const row = result.rows[0];
  if (!row) throw new Error(`membership of ${userId} in ${documentId} vanished`);
  return roleSchema.parse(row.role);
}

/** Memberships in PostgreSQL. */
export class PostgresMembershipRepository implements MembershipRepository {
  constructor(private readonly pool: pg.Pool) {}

  async list(documentId: string): Promise<MemberRecord[]> {
    const result = await this.pool.query<MemberRow>(
      `SELECT ${MEMBER_COLUMNS}
       FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.document_id = $1
       ORDER BY remiss_nocase(u.organisation) COLLATE "C", remiss_nocase(u.name) COLLATE "C"`,
      [documentId],
    );
    return result.rows.map(toMemberRecord);
  }

  async set(documentId: string, userId: string, role: Role): Promise<void> {
    await this.pool.query(
      `INSERT INTO memberships (document_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (document_id, user_id) DO UPDATE SET role = excluded.role`,
      [documentId, userId, role, new Date().toISOString()],
    );
  }

  async grantAtLeast(documentId: string, userId: string, role: Role): Promise<Role> {
    return grantAtLeast(this.pool, documentId, userId, role);
  }

  async remove(documentId: string, userId: string): Promise<boolean> {
    const result = await this.pool.query(
      'DELETE FROM memberships WHERE document_id = $1 AND user_id = $2',
      [documentId, userId],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async countOwners(documentId: string): Promise<number> {
    const result = await this.pool.query<{ n: number }>(
      "SELECT COUNT(*)::int AS n FROM memberships WHERE document_id = $1 AND role = 'owner'",
      [documentId],
    );
    return result.rows[0]?.n ?? 0;
  }
}
