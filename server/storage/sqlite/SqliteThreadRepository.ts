import type Database from 'better-sqlite3';
import type { Stance, ThreadStatus } from '../../../shared/api/comments.ts';
import type { StoredAnchor } from '../../comments/anchors/createAnchor.ts';
import type {
  CommentRecord,
  ProposalRecord,
  ThreadEventRecord,
  ThreadRecord,
  ThreadRepository,
} from '../types.ts';
import { INSERT_COMMENT_SQL, toCommentParams } from '../rows/commentRows.ts';
import { INSERT_PROPOSAL_SQL, toProposalParams } from '../rows/proposalRows.ts';
import {
  INSERT_THREAD_SQL,
  RECORD_EVENT_SQL,
  SET_DISPOSITION_SQL,
  THREAD_COLUMNS,
  threadRowFromTuple,
  toAnchorParams,
  toDispositionParams,
  toEventParams,
  toThreadEvent,
  toThreadParams,
  toThreadRecord,
  UPDATE_ANCHOR_SQL,
  type ThreadEventRow,
  type ThreadRow,
  type ThreadTuple,
} from '../rows/threadRows.ts';

/** Comment threads in SQLite. */
export class SqliteThreadRepository implements ThreadRepository {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      insert: db.prepare(INSERT_THREAD_SQL),
      insertComment: db.prepare(INSERT_COMMENT_SQL),
      insertProposal: db.prepare(INSERT_PROPOSAL_SQL),
      get: db.prepare<[string], ThreadRow>('SELECT * FROM threads WHERE id = ?'),
      // rowid breaks ties between threads created in the same millisecond. Arrays, not
      // objects: a large draft's thread list reads thousands of rows (see THREAD_COLUMNS).
      forDocument: db
        .prepare<[string], ThreadTuple>(
          `SELECT ${THREAD_COLUMNS} FROM threads WHERE document_id = ? ORDER BY created_at, rowid`,
        )
        .raw(true),
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
      anchor: db.prepare(UPDATE_ANCHOR_SQL),
      disposition: db.prepare(SET_DISPOSITION_SQL),
      event: db.prepare(RECORD_EVENT_SQL),
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
    this.db.transaction(() => {
      this.statements.insert.run(toThreadParams(thread));
      this.statements.insertComment.run(toCommentParams(firstComment));
      if (proposal) this.statements.insertProposal.run(toProposalParams(proposal));
    })();
  }

  async get(id: string): Promise<ThreadRecord | null> {
    const row = this.statements.get.get(id);
    return row ? toThreadRecord(row) : null;
  }

  async listForDocument(documentId: string): Promise<ThreadRecord[]> {
    return this.statements.forDocument
      .all(documentId)
      .map((tuple) => toThreadRecord(threadRowFromTuple(tuple)));
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
      this.statements.disposition.run(toDispositionParams(id, disposition));
      this.recordEvent({ threadId: id, kind: 'disposition', ...disposition });
    })();
    return this.get(id);
  }

  async historyForDocument(documentId: string): Promise<ThreadEventRecord[]> {
    return this.statements.history.all(documentId).map(toThreadEvent);
  }

  private recordEvent(event: ThreadEventRecord): void {
    this.statements.event.run(toEventParams(event));
  }

  async updateAnchor(id: string, anchor: StoredAnchor): Promise<ThreadRecord | null> {
    this.statements.anchor.run(toAnchorParams(id, anchor));
    return this.get(id);
  }
}
