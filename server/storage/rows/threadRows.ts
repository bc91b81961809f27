import { z } from 'zod';
import {
  dispositionSchema,
  stanceSchema,
  threadStatusSchema,
} from '../../../shared/api/comments.ts';
import type { StoredAnchor } from '../../comments/anchors/createAnchor.ts';
import type { ThreadEventRecord, ThreadRecord } from '../types.ts';
import { bytes, toBuffer } from './bytes.ts';
import type { SqlParams } from './params.ts';

/**
 * A row of `threads`, as both stores return it: the anchor's positions and state vector are
 * BLOB / BYTEA, which both drivers hand back as Buffers. PostgreSQL's tie-breaking
 * `insert_order` column, which its `SELECT *` returns too, is left unmapped.
 */
export interface ThreadRow {
  id: string;
  document_id: string;
  author_id: string;
  anchor_kind: string;
  anchor_block_id: string | null;
  anchor_start: Buffer;
  anchor_end: Buffer;
  anchor_start_path: Buffer;
  anchor_end_path: Buffer;
  anchor_quote: string;
  anchor_prefix: string;
  anchor_suffix: string;
  anchor_state_vector: Buffer;
  stance: string | null;
  status: string;
  resolved_by: string | null;
  resolved_at: string | null;
  disposition: string | null;
  disposition_reason: string | null;
  disposition_by: string | null;
  disposition_at: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * The columns of a {@link ThreadRow}, in the order of {@link ThreadTuple}: a listing selects
 * them as arrays (better-sqlite3's `raw` mode). Building a 23-key object per row in the driver,
 * one property at a time, took about half of reading a 2,000-thread document's threads; a
 * literal of one fixed shape built in JavaScript costs a fraction of that.
 */
export const THREAD_COLUMNS = `id, document_id, author_id, anchor_kind, anchor_block_id,
  anchor_start, anchor_end, anchor_start_path, anchor_end_path, anchor_quote, anchor_prefix,
  anchor_suffix, anchor_state_vector, stance, status, resolved_by, resolved_at, disposition,
  disposition_reason, disposition_by, disposition_at, created_at, updated_at`;

/** A row of `threads` as an array, in the order of {@link THREAD_COLUMNS}. */
export type ThreadTuple = [
  id: string,
  documentId: string,
  authorId: string,
  anchorKind: string,
  anchorBlockId: string | null,
  anchorStart: Buffer,
  anchorEnd: Buffer,
  anchorStartPath: Buffer,
  anchorEndPath: Buffer,
  anchorQuote: string,
  anchorPrefix: string,
  anchorSuffix: string,
  anchorStateVector: Buffer,
  stance: string | null,
  status: string,
  resolvedBy: string | null,
  resolvedAt: string | null,
  disposition: string | null,
  dispositionReason: string | null,
  dispositionBy: string | null,
  dispositionAt: string | null,
  createdAt: string,
  updatedAt: string,
];

/** The {@link ThreadRow} of a row selected as an array of {@link THREAD_COLUMNS}. */
export function threadRowFromTuple(tuple: ThreadTuple): ThreadRow {
  return {
    id: tuple[0],
    document_id: tuple[1],
    author_id: tuple[2],
    anchor_kind: tuple[3],
    anchor_block_id: tuple[4],
    anchor_start: tuple[5],
    anchor_end: tuple[6],
    anchor_start_path: tuple[7],
    anchor_end_path: tuple[8],
    anchor_quote: tuple[9],
    anchor_prefix: tuple[10],
    anchor_suffix: tuple[11],
    anchor_state_vector: tuple[12],
    stance: tuple[13],
    status: tuple[14],
    resolved_by: tuple[15],
    resolved_at: tuple[16],
    disposition: tuple[17],
    disposition_reason: tuple[18],
    disposition_by: tuple[19],
    disposition_at: tuple[20],
    created_at: tuple[21],
    updated_at: tuple[22],
  };
}

/** A row of `thread_events`, without its id (which only orders them). */
export interface ThreadEventRow {
  thread_id: string;
  at: string;
  kind: string;
  value: string;
  reason: string | null;
  actor_id: string;
}

const eventKindSchema = z.enum(['status', 'disposition']);

/** Reads a thread event row. */
export function toThreadEvent(row: ThreadEventRow): ThreadEventRecord {
  return {
    threadId: row.thread_id,
    at: row.at,
    kind: eventKindSchema.parse(row.kind),
    value: row.value,
    reason: row.reason,
    by: row.actor_id,
  };
}

function toAnchor(row: ThreadRow): StoredAnchor {
  const base = {
    start: bytes(row.anchor_start),
    end: bytes(row.anchor_end),
    startPath: bytes(row.anchor_start_path),
    endPath: bytes(row.anchor_end_path),
    quote: row.anchor_quote,
    prefix: row.anchor_prefix,
    suffix: row.anchor_suffix,
    stateVector: bytes(row.anchor_state_vector),
  };
  if (row.anchor_kind === 'block') {
    if (row.anchor_block_id === null) throw new Error(`block thread ${row.id} has no block id`);
    return { ...base, kind: 'block', blockId: row.anchor_block_id };
  }
  return { ...base, kind: 'passage', blockId: row.anchor_block_id };
}

/** Reads a thread row; a disposition counts only when its value, author and time are all set. */
export function toThreadRecord(row: ThreadRow): ThreadRecord {
  const disposition =
    row.disposition === null || row.disposition_by === null || row.disposition_at === null
      ? null
      : {
          value: dispositionSchema.parse(row.disposition),
          reason: row.disposition_reason ?? '',
          by: row.disposition_by,
          at: row.disposition_at,
        };
  return {
    id: row.id,
    documentId: row.document_id,
    authorId: row.author_id,
    anchor: toAnchor(row),
    stance: row.stance === null ? null : stanceSchema.parse(row.stance),
    status: threadStatusSchema.parse(row.status),
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at,
    disposition,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Stores a new thread; its first comment (and any proposal) go in the same transaction. */
export const INSERT_THREAD_SQL = `INSERT INTO threads (
    id, document_id, author_id, anchor_kind, anchor_block_id, anchor_start, anchor_end,
    anchor_start_path, anchor_end_path, anchor_quote, anchor_prefix, anchor_suffix,
    anchor_state_vector, stance, status, created_at, updated_at)
  VALUES (
    @id, @documentId, @authorId, @kind, @blockId, @start, @end,
    @startPath, @endPath, @quote, @prefix, @suffix,
    @stateVector, @stance, @status, @createdAt, @updatedAt)`;

/** The parameters of {@link INSERT_THREAD_SQL} for a thread. */
export function toThreadParams(thread: ThreadRecord): SqlParams {
  const { anchor } = thread;
  return {
    ...toAnchorParams(thread.id, anchor),
    documentId: thread.documentId,
    authorId: thread.authorId,
    quote: anchor.quote,
    prefix: anchor.prefix,
    suffix: anchor.suffix,
    stance: thread.stance,
    status: thread.status,
    createdAt: thread.createdAt,
    updatedAt: thread.updatedAt,
  };
}

/**
 * Moves a thread's anchor. Quote, prefix and suffix are left out on purpose: see
 * ThreadRepository.updateAnchor.
 */
export const UPDATE_ANCHOR_SQL = `UPDATE threads SET anchor_kind = @kind, anchor_block_id = @blockId,
    anchor_start = @start, anchor_end = @end, anchor_start_path = @startPath,
    anchor_end_path = @endPath, anchor_state_vector = @stateVector
  WHERE id = @id`;

/** The parameters of {@link UPDATE_ANCHOR_SQL}. */
export function toAnchorParams(id: string, anchor: StoredAnchor): SqlParams {
  return {
    id,
    kind: anchor.kind,
    blockId: anchor.blockId,
    start: toBuffer(anchor.start),
    end: toBuffer(anchor.end),
    startPath: toBuffer(anchor.startPath),
    endPath: toBuffer(anchor.endPath),
    stateVector: toBuffer(anchor.stateVector),
  };
}

/** Sets a thread's disposition; the thread counts as changed at the disposition's time. */
export const SET_DISPOSITION_SQL = `UPDATE threads SET disposition = @value,
    disposition_reason = @reason, disposition_by = @by, disposition_at = @at, updated_at = @at
  WHERE id = @threadId`;

/** The parameters of {@link SET_DISPOSITION_SQL}. */
export function toDispositionParams(
  threadId: string,
  disposition: NonNullable<ThreadRecord['disposition']>,
): SqlParams {
  return {
    threadId,
    value: disposition.value,
    reason: disposition.reason,
    by: disposition.by,
    at: disposition.at,
  };
}

/** Records a change in a thread's history; only for a thread that exists. */
export const RECORD_EVENT_SQL = `INSERT INTO thread_events (thread_id, at, kind, value, reason, actor_id)
  SELECT @threadId, @at, @kind, @value, @reason, @actorId
  WHERE EXISTS (SELECT 1 FROM threads WHERE id = @threadId)`;

/** The parameters of {@link RECORD_EVENT_SQL}. */
export function toEventParams(event: ThreadEventRecord): SqlParams {
  return {
    threadId: event.threadId,
    at: event.at,
    kind: event.kind,
    value: event.value,
    reason: event.reason,
    actorId: event.by,
  };
}
