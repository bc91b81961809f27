import type pg from 'pg';
import { z } from 'zod';
import {
  dispositionSchema,
  stanceSchema,
  threadStatusSchema,
  type Stance,
  type ThreadStatus,
} from '../../../shared/api/comments.ts';
import type { StoredAnchor } from '../../comments/anchors/createAnchor.ts';
import type {
  CommentRecord,
  ProposalRecord,
  ThreadEventRecord,
  ThreadRecord,
  ThreadRepository,
} from '../types.ts';
import { insertComment } from './commentRows.ts';
import { insertProposal } from './PostgresProposalRepository.ts';
import { bytes, toBuffer, withTransaction, type Queryable } from './sql.ts';

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

/** Records a change in a thread's history; only for a thread that exists, as in SQLite. */
async function recordEvent(db: Queryable, event: ThreadEventRecord): Promise<void> {
  await db.query(
    `INSERT INTO thread_events (thread_id, at, kind, value, reason, actor_id)
     SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM threads WHERE id = $1)`,
    [event.threadId, event.at, event.kind, event.value, event.reason, event.by],
  );
}

/** Comment threads in PostgreSQL. */
export class PostgresThreadRepository implements ThreadRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(
    thread: ThreadRecord,
    firstComment: CommentRecord,
    proposal?: ProposalRecord,
  ): Promise<void> {
    const { anchor } = thread;
    await withTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO threads (
           id, document_id, author_id, anchor_kind, anchor_block_id, anchor_start, anchor_end,
           anchor_start_path, anchor_end_path, anchor_quote, anchor_prefix, anchor_suffix,
           anchor_state_vector, stance, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
        [
          thread.id,
          thread.documentId,
          thread.authorId,
          anchor.kind,
          anchor.blockId,
          toBuffer(anchor.start),
          toBuffer(anchor.end),
          toBuffer(anchor.startPath),
          toBuffer(anchor.endPath),
          anchor.quote,
          anchor.prefix,
          anchor.suffix,
          toBuffer(anchor.stateVector),
          thread.stance,
          thread.status,
          thread.createdAt,
          thread.updatedAt,
        ],
      );
      await insertComment(client, firstComment);
      if (proposal) await insertProposal(client, proposal);
    });
  }

  async get(id: string): Promise<ThreadRecord | null> {
    const result = await this.pool.query<ThreadRow>('SELECT * FROM threads WHERE id = $1', [id]);
    const row = result.rows[0];
    return row ? toRecord(row) : null;
  }

  async listForDocument(documentId: string): Promise<ThreadRecord[]> {
    // insert_order breaks ties between threads of the same millisecond, as rowid does in SQLite.
    const result = await this.pool.query<ThreadRow>(
      `SELECT * FROM threads WHERE document_id = $1
       ORDER BY created_at COLLATE "C", insert_order`,
      [documentId],
    );
    return result.rows.map(toRecord);
  }

  async setStatus(
    id: string,
    status: ThreadStatus,
    by: string,
    at: string,
  ): Promise<ThreadRecord | null> {
    await withTransaction(this.pool, async (client) => {
      if (status === 'resolved') {
        await client.query(
          `UPDATE threads SET status = 'resolved', resolved_by = $1, resolved_at = $2,
             updated_at = $2 WHERE id = $3`,
          [by, at, id],
        );
      } else {
        await client.query(
          `UPDATE threads SET status = 'open', resolved_by = NULL, resolved_at = NULL,
             updated_at = $1 WHERE id = $2`,
          [at, id],
        );
      }
      await recordEvent(client, {
        threadId: id,
        at,
        kind: 'status',
        value: status,
        reason: null,
        by,
      });
    });
    return this.get(id);
  }

  async setStance(id: string, stance: Stance | null, at: string): Promise<ThreadRecord | null> {
    await this.pool.query('UPDATE threads SET stance = $1, updated_at = $2 WHERE id = $3', [
      stance,
      at,
      id,
    ]);
    return this.get(id);
  }

  async setDisposition(
    id: string,
    disposition: NonNullable<ThreadRecord['disposition']>,
  ): Promise<ThreadRecord | null> {
    await withTransaction(this.pool, async (client) => {
      await client.query(
        `UPDATE threads SET disposition = $1, disposition_reason = $2, disposition_by = $3,
           disposition_at = $4, updated_at = $4 WHERE id = $5`,
        [disposition.value, disposition.reason, disposition.by, disposition.at, id],
      );
      await recordEvent(client, { threadId: id, kind: 'disposition', ...disposition });
    });
    return this.get(id);
  }

  async historyForDocument(documentId: string): Promise<ThreadEventRecord[]> {
    const result = await this.pool.query<ThreadEventRow>(
      `SELECT e.thread_id, e.at, e.kind, e.value, e.reason, e.actor_id
       FROM thread_events e JOIN threads t ON t.id = e.thread_id
       WHERE t.document_id = $1 ORDER BY e.at COLLATE "C", e.id`,
      [documentId],
    );
    return result.rows.map(toEvent);
  }

  async updateAnchor(id: string, anchor: StoredAnchor): Promise<ThreadRecord | null> {
    // Quote, prefix and suffix are left out on purpose: see ThreadRepository.updateAnchor.
    await this.pool.query(
      `UPDATE threads SET anchor_kind = $1, anchor_block_id = $2, anchor_start = $3,
         anchor_end = $4, anchor_start_path = $5, anchor_end_path = $6, anchor_state_vector = $7
       WHERE id = $8`,
      [
        anchor.kind,
        anchor.blockId,
        toBuffer(anchor.start),
        toBuffer(anchor.end),
        toBuffer(anchor.startPath),
        toBuffer(anchor.endPath),
        toBuffer(anchor.stateVector),
        id,
      ],
    );
    return this.get(id);
  }
}
