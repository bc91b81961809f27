import type pg from 'pg';
import { roleSchema, type Role } from '../../../shared/api/roles.ts';
import { checksum } from '../checksum.ts';
import { toDocumentRecord, type DocumentRow, type NewDocument } from '../rows/documentRows.ts';
import type { DocumentRecord, DocumentRepository, DocumentWithRole } from '../types.ts';
import { toBuffer, withTransaction } from './sql.ts';

// COLLATE "C" compares bytes, as SQLite does, whatever locale the database was created with.
const NEWEST_FIRST = 'ORDER BY d.updated_at COLLATE "C" DESC, d.id COLLATE "C"';

/** Documents in PostgreSQL. */
export class PostgresDocumentRepository implements DocumentRepository {
  constructor(private readonly pool: pg.Pool) {}

  async listForUser(userId: string, limit: number): Promise<DocumentWithRole[]> {
    const result = await this.pool.query<DocumentRow & { role: string }>(
      `SELECT d.*, m.role FROM documents d
       JOIN memberships m ON m.document_id = d.id AND m.user_id = $1
       ${NEWEST_FIRST} LIMIT $2`,
      [userId, limit],
    );
    return result.rows.map((row) => ({
      ...toDocumentRecord(row),
      role: roleSchema.parse(row.role),
    }));
  }

  async get(id: string): Promise<DocumentRecord | null> {
    const result = await this.pool.query<DocumentRow>('SELECT * FROM documents WHERE id = $1', [
      id,
    ]);
    const row = result.rows[0];
    return row ? toDocumentRecord(row) : null;
  }

  async create(input: NewDocument): Promise<DocumentRecord> {
    const now = new Date().toISOString();
    const row = await withTransaction(this.pool, async (client) => {
      const inserted = await client.query<DocumentRow>(
        `INSERT INTO documents (id, title, owner_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $4) RETURNING *`,
        [input.id, input.title, input.ownerId, now],
      );
      await client.query(
        `INSERT INTO memberships (document_id, user_id, role, created_at)
         VALUES ($1, $2, 'owner', $3)`,
        [input.id, input.ownerId, now],
      );
      await client.query(
        `INSERT INTO document_state (document_id, state, checksum, covers_seq, updated_at)
         VALUES ($1, $2, $3, 0, $4)`,
        [input.id, toBuffer(input.initialState), checksum(input.initialState), now],
      );
      return inserted.rows[0];
    });
    if (!row) throw new Error(`document ${input.id} vanished right after it was created`);
    return toDocumentRecord(row);
  }

  async rename(id: string, title: string): Promise<DocumentRecord | null> {
    const result = await this.pool.query<DocumentRow>(
      'UPDATE documents SET title = $1, updated_at = $2 WHERE id = $3 RETURNING *',
      [title, new Date().toISOString(), id],
    );
    const row = result.rows[0];
    return row ? toDocumentRecord(row) : null;
  }

  async roleOf(documentId: string, userId: string): Promise<Role | null> {
    const result = await this.pool.query<{ role: string }>(
      'SELECT role FROM memberships WHERE document_id = $1 AND user_id = $2',
      [documentId, userId],
    );
    const row = result.rows[0];
    return row ? roleSchema.parse(row.role) : null;
  }

  async count(): Promise<number> {
    const result = await this.pool.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM documents');
    return result.rows[0]?.n ?? 0;
  }

  async listAll(limit: number): Promise<DocumentRecord[]> {
    const result = await this.pool.query<DocumentRow>(
      `SELECT d.* FROM documents d ${NEWEST_FIRST} LIMIT $1`,
      [limit],
    );
    return result.rows.map(toDocumentRecord);
  }

  async transferOwnership(from: string, to: string): Promise<number> {
    return withTransaction(this.pool, async (client) => {
      const now = new Date().toISOString();
      const owned = await client.query<{ id: string }>(
        'SELECT id FROM documents WHERE owner_id = $1 FOR UPDATE',
        [from],
      );
      for (const { id } of owned.rows) {
        await client.query('UPDATE documents SET owner_id = $1 WHERE id = $2', [to, id]);
        await client.query(
          `INSERT INTO memberships (document_id, user_id, role, created_at)
           VALUES ($1, $2, 'owner', $3)
           ON CONFLICT (document_id, user_id) DO UPDATE SET role = 'owner'`,
          [id, to, now],
        );
        await client.query('DELETE FROM memberships WHERE document_id = $1 AND user_id = $2', [
          id,
          from,
        ]);
      }
      return owned.rows.length;
    });
  }

  async setCommentPeriod(id: string, closesAt: string | null): Promise<DocumentRecord | null> {
    const result = await this.pool.query<DocumentRow>(
      `UPDATE documents SET comment_period_closes_at = $1, updated_at = $2 WHERE id = $3
       RETURNING *`,
      [closesAt, new Date().toISOString(), id],
    );
    const row = result.rows[0];
    return row ? toDocumentRecord(row) : null;
  }
}
