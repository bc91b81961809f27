import type Database from 'better-sqlite3';
import {
  dispositionSchema,
  stanceSchema,
  threadStatusSchema,
  type Stance,
  type ThreadStatus,
} from '../../../shared/api/comments.ts';
import type { StoredAnchor } from '../../comments/anchors/createAnchor.ts';
import { z } from 'zod';
import type {
  CommentRecord,
  ProposalRecord,
  ThreadEventRecord,
  ThreadRecord,
  ThreadRepository,
} from '../types.ts';
import { insertCommentSql, toCommentParams } from './commentRows.ts';
import { insertProposalSql, toProposalParams } from './SqliteProposalRepository.ts';

interface ThreadRow {
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

interface ThreadEventRow {
  thread_id: string;
  at: string;
  kind: string;
  value: string;
  reason: string | null;
  actor_id: string;
}

const eventKindSchema = z.enum(['status', 'disposition']);

function toEvent(row: ThreadEventRow): ThreadEventRecord {
  return {
    threadId: row.thread_id,
    at: row.at,
    kind: eventKindSchema.parse(row.kind),
    value: row.value,
    reason: row.reason,
    by: row.actor_id,
  };
}

/** A plain Uint8Array copy: Yjs and callers should not hold on to better-sqlite3's Buffers. */
const bytes = (buffer: Buffer): Uint8Array => new Uint8Array(buffer);

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

function toRecord(row: ThreadRow): ThreadRecord {
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

/** Comment threads in SQLite. */
export class SqliteThreadRepository implements ThreadRepository {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO threads (
           id, document_id, author_id, anchor_kind, anchor_block_id, anchor_start, anchor_end,
           anchor_start_path, anchor_end_path, anchor_quote, anchor_prefix, anchor_suffix,
           anchor_state_vector, stance, status, created_at, updated_at)
         VALUES (
           @id, @documentId, @authorId, @kind, @blockId, @start, @end,
           @startPath, @endPath, @quote, @prefix, @suffix,
           @stateVector, @stance, @status, @createdAt, @updatedAt)`,
      ),
      insertComment: db.prepare(insertCommentSql),
      insertProposal: db.prepare(insertProposalSql),
      get: db.prepare<[string], ThreadRow>('SELECT * FROM threads WHERE id = ?'),
      // rowid breaks ties between threads created in the same millisecond.
      forDocument: db.prepare<[string], ThreadRow>(
        'SELECT * FROM threads WHERE document_id = ? ORDER BY created_at, rowid',
      ),
      resolve: db.prepare<[string, string, string, string]>(
        `UPDATE threads SET status = 'resolved', resolved_by = ?, resolved_at = ?, updated_at = ?
         WHERE id = ?`,
      ),
      reopen: db.prepare<[string, string]>(
        `UPDATE threads SET status = 'open', resolved_by = NULL, resolved_at = NULL, updated_at = ?
         WHERE id = ?`,
      ),
      stance: db.prepare<[string | null, string, string]>(
        'UPDATE threads SET stance = ?, updated_at = ? WHERE id = ?',
      ),
      // Quote, prefix and suffix are left out on purpose: see ThreadRepository.updateAnchor.
      anchor: db.prepare(
        `UPDATE threads SET anchor_kind = @kind, anchor_block_id = @blockId,
           anchor_start = @start, anchor_end = @end, anchor_start_path = @startPath,
           anchor_end_path = @endPath, anchor_state_vector = @stateVector
         WHERE id = @id`,
      ),
      disposition: db.prepare(
        `UPDATE threads SET disposition = @value, disposition_reason = @reason,
           disposition_by = @by, disposition_at = @at, updated_at = @at
         WHERE id = @id`,
      ),
      // Only for a thread that exists, so a change to an unknown id records nothing.
      event: db.prepare(
        `INSERT INTO thread_events (thread_id, at, kind, value, reason, actor_id)
         SELECT @threadId, @at, @kind, @value, @reason, @actorId
         WHERE EXISTS (SELECT 1 FROM threads WHERE id = @threadId)`,
      ),
      history: db.prepare<[string], ThreadEventRow>(
        `SELECT e.thread_id, e.at, e.kind, e.value, e.reason, e.actor_id
         FROM thread_events e JOIN threads t ON t.id = e.thread_id
         WHERE t.document_id = ? ORDER BY e.at, e.id`,
      ),
    };
  }

  async create(
    thread: ThreadRecord,
    firstComment: CommentRecord,
    proposal?: ProposalRecord,
  ): Promise<void> {
    const { anchor } = thread;
    this.db.transaction(() => {
      this.statements.insert.run({
        id: thread.id,
        documentId: thread.documentId,
        authorId: thread.authorId,
        kind: anchor.kind,
        blockId: anchor.blockId,
        start: Buffer.from(anchor.start),
        end: Buffer.from(anchor.end),
        startPath: Buffer.from(anchor.startPath),
        endPath: Buffer.from(anchor.endPath),
        quote: anchor.quote,
        prefix: anchor.prefix,
        suffix: anchor.suffix,
        stateVector: Buffer.from(anchor.stateVector),
        stance: thread.stance,
        status: thread.status,
        createdAt: thread.createdAt,
        updatedAt: thread.updatedAt,
      });
      this.statements.insertComment.run(toCommentParams(firstComment));
      if (proposal) this.statements.insertProposal.run(toProposalParams(proposal));
    })();
  }

  async get(id: string): Promise<ThreadRecord | null> {
    const row = this.statements.get.get(id);
    return row ? toRecord(row) : null;
  }

  async listForDocument(documentId: string): Promise<ThreadRecord[]> {
    return this.statements.forDocument.all(documentId).map(toRecord);
  }

  async setStatus(
    id: string,
    status: ThreadStatus,
    by: string,
    at: string,
  ): Promise<ThreadRecord | null> {
    this.db.transaction(() => {
      if (status === 'resolved') this.statements.resolve.run(by, at, at, id);
      else this.statements.reopen.run(at, id);
      this.recordEvent({ threadId: id, at, kind: 'status', value: status, reason: null, by });
    })();
    return this.get(id);
  }

  async setStance(id: string, stance: Stance | null, at: string): Promise<ThreadRecord | null> {
    this.statements.stance.run(stance, at, id);
    return this.get(id);
  }

  async setDisposition(
    id: string,
    disposition: NonNullable<ThreadRecord['disposition']>,
  ): Promise<ThreadRecord | null> {
    this.db.transaction(() => {
      this.statements.disposition.run({ id, ...disposition });
      this.recordEvent({ threadId: id, kind: 'disposition', ...disposition });
    })();
    return this.get(id);
  }

  async historyForDocument(documentId: string): Promise<ThreadEventRecord[]> {
    return this.statements.history.all(documentId).map(toEvent);
  }

  private recordEvent(event: ThreadEventRecord): void {
    this.statements.event.run({
      threadId: event.threadId,
      at: event.at,
      kind: event.kind,
      value: event.value,
      reason: event.reason,
      actorId: event.by,
    });
  }

  async updateAnchor(id: string, anchor: StoredAnchor): Promise<ThreadRecord | null> {
    this.statements.anchor.run({
      id,
      kind: anchor.kind,
      blockId: anchor.blockId,
      start: Buffer.from(anchor.start),
      end: Buffer.from(anchor.end),
      startPath: Buffer.from(anchor.startPath),
      endPath: Buffer.from(anchor.endPath),
      stateVector: Buffer.from(anchor.stateVector),
    });
    return this.get(id);
  }
}
