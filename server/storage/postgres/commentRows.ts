import type { CommentRecord } from '../types.ts';
import type { Queryable } from './sql.ts';

/** Every column of `comments` the repositories read (not the tie-breaking insert_order). */
export const COMMENT_COLUMNS = `id, thread_id, author_id, body, mentions, created_at, edited_at,
  deleted_at, hidden_at, hidden_by, hidden_reason`;

/**
 * Inserts one comment. Shared by the thread repository (a thread's first comment is stored in
 * the same transaction as the thread) and the comment repository.
 */
export async function insertComment(db: Queryable, comment: CommentRecord): Promise<void> {
  await db.query(
    `INSERT INTO comments (
       id, thread_id, author_id, body, mentions, created_at, edited_at, deleted_at,
       hidden_at, hidden_by, hidden_reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      comment.id,
      comment.threadId,
      comment.authorId,
      comment.body,
      JSON.stringify(comment.mentions),
      comment.createdAt,
      comment.editedAt,
      comment.deletedAt,
      comment.hidden?.at ?? null,
      comment.hidden?.by ?? null,
      comment.hidden?.reason ?? null,
    ],
  );
}
