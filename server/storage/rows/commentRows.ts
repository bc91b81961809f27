import { z } from 'zod';
import type { CommentRecord } from '../types.ts';
import type { SqlParams } from './params.ts';

/** A row of the `comments` table (without PostgreSQL's tie-breaking `insert_order`). */
export interface CommentRow {
  id: string;
  thread_id: string;
  author_id: string;
  body: string;
  mentions: string;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  hidden_at: string | null;
  hidden_by: string | null;
  hidden_reason: string | null;
}

const mentionsColumn = z.array(z.string());

/** Reads a comment row; the mentions column holds a JSON array of user ids. */
export function toCommentRecord(row: CommentRow): CommentRecord {
  return {
    id: row.id,
    threadId: row.thread_id,
    authorId: row.author_id,
    body: row.body,
    mentions: mentionsColumn.parse(JSON.parse(row.mentions)),
    createdAt: row.created_at,
    editedAt: row.edited_at,
    deletedAt: row.deleted_at,
    hidden:
      row.hidden_at === null || row.hidden_by === null
        ? null
        : { at: row.hidden_at, by: row.hidden_by, reason: row.hidden_reason ?? '' },
  };
}

/**
 * Inserts one comment. Shared by the thread repository (a thread's first comment is stored in
 * the same transaction as the thread) and the comment repository.
 */
export const INSERT_COMMENT_SQL = `INSERT INTO comments (
    id, thread_id, author_id, body, mentions, created_at, edited_at, deleted_at,
    hidden_at, hidden_by, hidden_reason)
  VALUES (
    @id, @threadId, @authorId, @body, @mentions, @createdAt, @editedAt, @deletedAt,
    @hiddenAt, @hiddenBy, @hiddenReason)`;

/** The parameters of {@link INSERT_COMMENT_SQL} for a comment. */
export function toCommentParams(comment: CommentRecord): SqlParams {
  return {
    id: comment.id,
    threadId: comment.threadId,
    authorId: comment.authorId,
    body: comment.body,
    mentions: JSON.stringify(comment.mentions),
    createdAt: comment.createdAt,
    editedAt: comment.editedAt,
    deletedAt: comment.deletedAt,
    hiddenAt: comment.hidden?.at ?? null,
    hiddenBy: comment.hidden?.by ?? null,
    hiddenReason: comment.hidden?.reason ?? null,
  };
}
