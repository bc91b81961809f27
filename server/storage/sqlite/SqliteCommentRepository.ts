import type Database from 'better-sqlite3';
import type { CommentRecord, CommentRepository } from '../types.ts';
import {
  commentColumns,
  commentRowFromTuple,
  INSERT_COMMENT_SQL,
  toCommentParams,
  toCommentRecord,
  type CommentRow,
  type CommentTuple,
} from '../rows/commentRows.ts';

/**
 * Comments in SQLite. Nothing here deletes a row: comments are records of an authority, so a
 * deleted comment keeps its row and its original body, with `deleted_at` set.
 */
export class SqliteCommentRepository implements CommentRepository {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      insert: db.prepare(INSERT_COMMENT_SQL),
      get: db.prepare<[string], CommentRow>('SELECT * FROM comments WHERE id = ?'),
      // rowid breaks ties between comments written in the same millisecond.
      forThread: db.prepare<[string], CommentRow>(
        'SELECT * FROM comments WHERE thread_id = ? ORDER BY created_at, rowid',
      ),
      // Arrays, not objects: a large draft's thread list reads thousands of comments (see
      // THREAD_COLUMNS).
      forDocument: db
        .prepare<[string], CommentTuple>(
          `SELECT ${commentColumns('c')} FROM comments c JOIN threads t ON t.id = c.thread_id
           WHERE t.document_id = ? ORDER BY c.created_at, c.rowid`,
        )
        .raw(true),
      edit: db.prepare<[string, string, string, string]>(
        'UPDATE comments SET body = ?, mentions = ?, edited_at = ? WHERE id = ?',
      ),
      markDeleted: db.prepare<[string, string]>(
        'UPDATE comments SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL',
      ),
      setHidden: db.prepare<[string | null, string | null, string | null, string]>(
        'UPDATE comments SET hidden_at = ?, hidden_by = ?, hidden_reason = ? WHERE id = ?',
      ),
      touchThread: db.prepare<[string, string]>(
        'UPDATE threads SET updated_at = ? WHERE id = (SELECT thread_id FROM comments WHERE id = ?)',
      ),
    };
  }

  async create(comment: CommentRecord): Promise<void> {
    this.db.transaction(() => {
      this.statements.insert.run(toCommentParams(comment));
      this.statements.touchThread.run(comment.createdAt, comment.id);
    })();
  }

  async get(id: string): Promise<CommentRecord | null> {
    const row = this.statements.get.get(id);
    return row ? toCommentRecord(row) : null;
  }

  async listForThread(threadId: string): Promise<CommentRecord[]> {
    return this.statements.forThread.all(threadId).map(toCommentRecord);
  }

  async listForDocument(documentId: string): Promise<CommentRecord[]> {
    return this.statements.forDocument
      .all(documentId)
      .map((tuple) => toCommentRecord(commentRowFromTuple(tuple)));
  }

  async edit(
    id: string,
    body: string,
    mentions: string[],
    at: string,
  ): Promise<CommentRecord | null> {
    this.db.transaction(() => {
      this.statements.edit.run(body, JSON.stringify(mentions), at, id);
      this.statements.touchThread.run(at, id);
    })();
    return this.get(id);
  }

  async markDeleted(id: string, at: string): Promise<CommentRecord | null> {
    this.db.transaction(() => {
      this.statements.markDeleted.run(at, id);
      this.statements.touchThread.run(at, id);
    })();
    return this.get(id);
  }

  async setHidden(
    id: string,
    hidden: CommentRecord['hidden'],
    at: string,
  ): Promise<CommentRecord | null> {
    this.db.transaction(() => {
      this.statements.setHidden.run(
        hidden?.at ?? null,
        hidden?.by ?? null,
        hidden?.reason ?? null,
        id,
      );
      this.statements.touchThread.run(at, id);
    })();
    return this.get(id);
  }
}
