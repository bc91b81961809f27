import type Database from 'better-sqlite3';
import { roleAtLeast, roleSchema, type Role } from '../../../shared/api/roles.ts';
import { MEMBER_COLUMNS, toMemberRecord, type MemberRow } from '../rows/memberRows.ts';
import type { MemberRecord, MembershipRepository } from '../types.ts';

/** Memberships in SQLite. */
export class SqliteMembershipRepository implements MembershipRepository {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      list: db.prepare<[string], MemberRow>(
        `SELECT ${MEMBER_COLUMNS}
         FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.document_id = ?
         ORDER BY u.organisation COLLATE NOCASE, u.name COLLATE NOCASE`,
      ),
      get: db.prepare<[string, string], { role: string }>(
        'SELECT role FROM memberships WHERE document_id = ? AND user_id = ?',
      ),
      upsert: db.prepare<[string, string, string, string]>(
        `INSERT INTO memberships (document_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (document_id, user_id) DO UPDATE SET role = excluded.role`,
      ),
      remove: db.prepare<[string, string]>(
        'DELETE FROM memberships WHERE document_id = ? AND user_id = ?',
      ),
      countOwners: db.prepare<[string], { n: number }>(
        "SELECT COUNT(*) AS n FROM memberships WHERE document_id = ? AND role = 'owner'",
      ),
    };
  }

  async list(documentId: string): Promise<MemberRecord[]> {
    return this.statements.list.all(documentId).map(toMemberRecord);
  }

  async set(documentId: string, userId: string, role: Role): Promise<void> {
    this.statements.upsert.run(documentId, userId, role, new Date().toISOString());
  }

  /** Synchronous core of grantAtLeast, for use inside other repositories' transactions. */
  grantAtLeastSync(documentId: string, userId: string, role: Role): Role {
    const current = this.statements.get.get(documentId, userId);
    const held = current ? roleSchema.parse(current.role) : null;
    if (held && roleAtLeast(held, role)) return held;
    this.statements.upsert.run(documentId, userId, role, new Date().toISOString());
    return role;
  }

  async grantAtLeast(documentId: string, userId: string, role: Role): Promise<Role> {
    return this.db.transaction(() => this.grantAtLeastSync(documentId, userId, role))();
  }

  async remove(documentId: string, userId: string): Promise<boolean> {
    return this.statements.remove.run(documentId, userId).changes > 0;
  }

  async countOwners(documentId: string): Promise<number> {
    return this.statements.countOwners.get(documentId)?.n ?? 0;
  }
}
