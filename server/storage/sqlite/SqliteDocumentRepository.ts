import type Database from 'better-sqlite3';
import { roleSchema, type Role } from '../../../shared/api/roles.ts';
import { checksum } from '../checksum.ts';
import { toDocumentRecord, type DocumentRow, type NewDocument } from '../rows/documentRows.ts';
import type { DocumentRecord, DocumentRepository, DocumentWithRole } from '../types.ts';

/** Documents and memberships in SQLite. */
export class SqliteDocumentRepository implements DocumentRepository {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      listForUser: db.prepare<[string, number], DocumentRow & { role: string }>(
        `SELECT d.*, m.role FROM documents d
         JOIN memberships m ON m.document_id = d.id AND m.user_id = ?
         ORDER BY d.updated_at DESC, d.id LIMIT ?`,
      ),
      get: db.prepare<[string], DocumentRow>('SELECT * FROM documents WHERE id = ?'),
      insert: db.prepare(
        `INSERT INTO documents (id, title, owner_id, created_at, updated_at)
         VALUES (@id, @title, @ownerId, @now, @now)`,
      ),
      insertMember: db.prepare(
        `INSERT INTO memberships (document_id, user_id, role, created_at) VALUES (?, ?, ?, ?)`,
      ),
      insertState: db.prepare(
        `INSERT INTO document_state (document_id, state, checksum, covers_seq, updated_at)
         VALUES (?, ?, ?, 0, ?)`,
      ),
      rename: db.prepare('UPDATE documents SET title = ?, updated_at = ? WHERE id = ?'),
      roleOf: db.prepare<[string, string], { role: string }>(
        'SELECT role FROM memberships WHERE document_id = ? AND user_id = ?',
      ),
      count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM documents'),
      ownedBy: db.prepare<[string], { id: string }>('SELECT id FROM documents WHERE owner_id = ?'),
      setOwner: db.prepare<[string, string]>('UPDATE documents SET owner_id = ? WHERE id = ?'),
      upsertMember: db.prepare<[string, string, string]>(
        `INSERT INTO memberships (document_id, user_id, role, created_at) VALUES (?, ?, 'owner', ?)
         ON CONFLICT (document_id, user_id) DO UPDATE SET role = 'owner'`,
      ),
      removeMember: db.prepare<[string, string]>(
        'DELETE FROM memberships WHERE document_id = ? AND user_id = ?',
      ),
      listAll: db.prepare<[number], DocumentRow>(
        'SELECT * FROM documents ORDER BY updated_at DESC, id LIMIT ?',
      ),
      setCommentPeriod: db.prepare<[string | null, string, string]>(
        'UPDATE documents SET comment_period_closes_at = ?, updated_at = ? WHERE id = ?',
      ),
    };
  }

  async listForUser(userId: string, limit: number): Promise<DocumentWithRole[]> {
    return this.statements.listForUser
      .all(userId, limit)
      .map((row) => ({ ...toDocumentRecord(row), role: roleSchema.parse(row.role) }));
  }

  async get(id: string): Promise<DocumentRecord | null> {
    const row = this.statements.get.get(id);
    return row ? toDocumentRecord(row) : null;
  }

  async create(input: NewDocument): Promise<DocumentRecord> {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.statements.insert.run({ id: input.id, title: input.title, ownerId: input.ownerId, now });
      this.statements.insertMember.run(input.id, input.ownerId, 'owner', now);
      this.statements.insertState.run(
        input.id,
        Buffer.from(input.initialState),
        checksum(input.initialState),
        now,
      );
    })();
    const created = this.statements.get.get(input.id);
    if (!created) throw new Error(`document ${input.id} vanished right after it was created`);
    return toDocumentRecord(created);
  }

  async rename(id: string, title: string): Promise<DocumentRecord | null> {
    const result = this.statements.rename.run(title, new Date().toISOString(), id);
    if (result.changes === 0) return null;
    return this.get(id);
  }

  async roleOf(documentId: string, userId: string): Promise<Role | null> {
    const row = this.statements.roleOf.get(documentId, userId);
    return row ? roleSchema.parse(row.role) : null;
  }

  async count(): Promise<number> {
    return this.statements.count.get()?.n ?? 0;
  }

  async listAll(limit: number): Promise<DocumentRecord[]> {
    return this.statements.listAll.all(limit).map(toDocumentRecord);
  }

  async transferOwnership(from: string, to: string): Promise<number> {
    return this.db.transaction(() => {
      const now = new Date().toISOString();
      const owned = this.statements.ownedBy.all(from);
      for (const { id } of owned) {
        this.statements.setOwner.run(to, id);
        this.statements.upsertMember.run(id, to, now);
        this.statements.removeMember.run(id, from);
      }
      return owned.length;
    })();
  }

  async setCommentPeriod(id: string, closesAt: string | null): Promise<DocumentRecord | null> {
    const result = this.statements.setCommentPeriod.run(closesAt, new Date().toISOString(), id);
    if (result.changes === 0) return null;
    return this.get(id);
  }
}
