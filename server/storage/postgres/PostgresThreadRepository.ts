import type pg from 'pg';
import type { Stance, ThreadStatus } from '../../../shared/api/comments.ts';
import type { StoredAnchor } from '../../comments/anchors/createAnchor.ts';
import { INSERT_COMMENT_SQL, toCommentParams } from '../rows/commentRows.ts';
import { INSERT_PROPOSAL_SQL, toProposalParams } from '../rows/proposalRows.ts';
import {
  INSERT_THREAD_SQL,
  RECORD_EVENT_SQL,
  SET_DISPOSITION_SQL,
  toAnchorParams,
  toDispositionParams,
  toEventParams,
  toThreadEvent,
  toThreadParams,
  toThreadRecord,
  UPDATE_ANCHOR_SQL,
  type ThreadEventRow,
  type ThreadRow,
} from '../rows/threadRows.ts';
import type {
  CommentRecord,
  ProposalRecord,
  ThreadEventRecord,
  ThreadRecord,
  ThreadRepository,
} from '../types.ts';
import { positional, withTransaction, type Queryable } from './sql.ts';

/** Records a change in a thread's history; only for a thread that exists, as in SQLite. */
async function recordEvent(db: Queryable, event: ThreadEventRecord): Promise<void> {
  await db.query(positional(RECORD_EVENT_SQL, toEventParams(event)));
}

/** Comment threads in PostgreSQL. */
export class PostgresThreadRepository implements ThreadRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(
    thread: ThreadRecord,
    firstComment: CommentRecord,
    proposal?: ProposalRecord,
  ): Promise<void> {
    await withTransaction(this.pool, async (client) => {
      await client.query(positional(INSERT_THREAD_SQL, toThreadParams(thread)));
      await client.query(positional(INSERT_COMMENT_SQL, toCommentParams(firstComment)));
      if (proposal) await client.query(positional(INSERT_PROPOSAL_SQL, toProposalParams(proposal)));
    });
  }

  async get(id: string): Promise<ThreadRecord | null> {
    const result = await this.pool.query<ThreadRow>('SELECT * FROM threads WHERE id = $1', [id]);
    const row = result.rows[0];
    return row ? toThreadRecord(row) : null;
  }

  async listForDocument(documentId: string): Promise<ThreadRecord[]> {
    // insert_order breaks ties between threads of the same millisecond, as rowid does in SQLite.
    const result = await this.pool.query<ThreadRow>(
      `SELECT * FROM threads WHERE document_id = $1
       ORDER BY created_at COLLATE "C", insert_order`,
      [documentId],
    );
    return result.rows.map(toThreadRecord);
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
      await client.query(positional(SET_DISPOSITION_SQL, toDispositionParams(id, disposition)));
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
    return result.rows.map(toThreadEvent);
  }

  async updateAnchor(id: string, anchor: StoredAnchor): Promise<ThreadRecord | null> {
    await this.pool.query(positional(UPDATE_ANCHOR_SQL, toAnchorParams(id, anchor)));
    return this.get(id);
  }
}
