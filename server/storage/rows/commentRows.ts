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

/**
 * The columns of a {@link CommentRow}, in the order of {@link CommentTuple}, for listings that
 * select rows as arrays (see `THREAD_COLUMNS`); `alias` prefixes each, for a join.
 */
export const commentColumns = (alias: string): string =>
  [
    'id',
    'thread_id',
    'author_id',
    'body',
    'mentions',
    'created_at',
    'edited_at',
    'deleted_at',
    'hidden_at',
    'hidden_by',
    'hidden_reason',
  ]
    .map((column) => `${alias}.${column}`)
    .join(', ');

/** A row of `comments` as an array, in the order of {@link commentColumns}. */
export type CommentTuple = [
  id: string,
  threadId: string,
  authorId: string,
  body: string,
  mentions: string,
  createdAt: string,
  editedAt: string | null,
  deletedAt: string | null,
  hiddenAt: string | null,
  hiddenBy: string | null,
  hiddenReason: string | null,
];

/** The {@link CommentRow} of a row selected as an array of {@link commentColumns}. */
export function commentRowFromTuple(tuple: CommentTuple): CommentRow {
  return {
    id: tuple[0],
    thread_id: tuple[1],
    author_id: tuple[2],
    body: tuple[3],
    mentions: tuple[4],
    created_at: tuple[5],
    edited_at: tuple[6],
    deleted_at: tuple[7],
    hidden_at: tuple[8],
    hidden_by: tuple[9],
    hidden_reason: tuple[10],
  };
}

const mentionsColumn = z.array(z.string());

/** Reads a comment row; the mentions column holds a JSON array of user ids. */
export function toCommentRecord(row: CommentRow): CommentRecord {
  return {
    id: row.id,
    threadId: row.thread_id,
    authorId: row.author_id,
    body: row.body,
    // Most comments mention no one: no parse, no validation, for the common empty list.
    mentions: row.mentions === '[]' ? [] : mentionsColumn.parse(JSON.parse(row.mentions)),
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
