import type pg from 'pg';
import {
  INSERT_COMMENT_SQL,
  toCommentParams,
  toCommentRecord,
  type CommentRow,
} from '../rows/commentRows.ts';
import type { CommentRecord, CommentRepository } from '../types.ts';
import { positional, withTransaction, type Queryable } from './sql.ts';

/** Every column of `comments` the repository reads (not the tie-breaking insert_order). */
const COMMENT_COLUMNS = `id, thread_id, author_id, body, mentions, created_at, edited_at,
  deleted_at, hidden_at, hidden_by, hidden_reason`;

// insert_order breaks ties between comments of the same millisecond, as rowid does in SQLite.
const OLDEST_FIRST = 'ORDER BY c.created_at COLLATE "C", c.insert_order';

async function touchThread(db: Queryable, commentId: string, at: string): Promise<void> {
  await db.query(
    'UPDATE threads SET updated_at = $1 WHERE id = (SELECT thread_id FROM comments WHERE id = $2)',
    [at, commentId],
  );
}

/**
 * Comments in PostgreSQL. Nothing here deletes a row: comments are records of an authority, so
 * a deleted comment keeps its row and its original body, with `deleted_at` set.
 */
export class PostgresCommentRepository implements CommentRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(comment: CommentRecord): Promise<void> {
    await withTransaction(this.pool, async (client) => {
      await client.query(positional(INSERT_COMMENT_SQL, toCommentParams(comment)));
      await touchThread(client, comment.id, comment.createdAt);
    });
  }

  async get(id: string): Promise<CommentRecord | null> {
    const result = await this.pool.query<CommentRow>(
      `SELECT ${COMMENT_COLUMNS} FROM comments WHERE id = $1`,
      [id],
    );
    const row = result.rows[0];
    return row ? toCommentRecord(row) : null;
  }

  async listForThread(threadId: string): Promise<CommentRecord[]> {
    const result = await this.pool.query<CommentRow>(
      `SELECT ${COMMENT_COLUMNS} FROM comments c WHERE thread_id = $1 ${OLDEST_FIRST}`,
      [threadId],
    );
    return result.rows.map(toCommentRecord);
  }

  async listForDocument(documentId: string): Promise<CommentRecord[]> {
    const result = await this.pool.query<CommentRow>(
      `SELECT ${COMMENT_COLUMNS.replace(/(\w+)/g, 'c.$1')} FROM comments c
       JOIN threads t ON t.id = c.thread_id
       WHERE t.document_id = $1 ${OLDEST_FIRST}`,
      [documentId],
    );
    return result.rows.map(toCommentRecord);
  }

  async edit(
    id: string,
    body: string,
    mentions: string[],
    at: string,
  ): Promise<CommentRecord | null> {
    await withTransaction(this.pool, async (client) => {
      await client.query(
        'UPDATE comments SET body = $1, mentions = $2, edited_at = $3 WHERE id = $4',
        [body, JSON.stringify(mentions), at, id],
      );
      await touchThread(client, id, at);
    });
    return this.get(id);
  }

  async markDeleted(id: string, at: string): Promise<CommentRecord | null> {
    await withTransaction(this.pool, async (client) => {
      await client.query(
        'UPDATE comments SET deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL',
        [at, id],
      );
      await touchThread(client, id, at);
    });
    return this.get(id);
  }

  async setHidden(
    id: string,
    hidden: CommentRecord['hidden'],
    at: string,
  ): Promise<CommentRecord | null> {
    await withTransaction(this.pool, async (client) => {
      await client.query(
        'UPDATE comments SET hidden_at = $1, hidden_by = $2, hidden_reason = $3 WHERE id = $4',
        [hidden?.at ?? null, hidden?.by ?? null, hidden?.reason ?? null, id],
      );
      await touchThread(client, id, at);
    });
    return this.get(id);
  }
}
