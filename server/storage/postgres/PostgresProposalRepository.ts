import type pg from 'pg';
import {
  DECIDE_PROPOSAL_SQL,
  MARK_CONFLICT_SQL,
  toDecisionParams,
  toProposalRecord,
  type ProposalRow,
} from '../rows/proposalRows.ts';
import {
  RECORD_EVENT_SQL,
  SET_DISPOSITION_SQL,
  toDispositionParams,
  toEventParams,
} from '../rows/threadRows.ts';
import type { ProposalDecision, ProposalRecord, ProposalRepository } from '../types.ts';
import { positional, withTransaction } from './sql.ts';

/** Proposals in PostgreSQL. */
export class PostgresProposalRepository implements ProposalRepository {
  constructor(private readonly pool: pg.Pool) {}

  async get(threadId: string): Promise<ProposalRecord | null> {
    const result = await this.pool.query<ProposalRow>(
      'SELECT * FROM proposals WHERE thread_id = $1',
      [threadId],
    );
    const row = result.rows[0];
    return row ? toProposalRecord(row) : null;
  }

  async listForDocument(documentId: string): Promise<ProposalRecord[]> {
    const result = await this.pool.query<ProposalRow>(
      `SELECT p.* FROM proposals p JOIN threads t ON t.id = p.thread_id
       WHERE t.document_id = $1`,
      [documentId],
    );
    return result.rows.map(toProposalRecord);
  }

  async decide(
    threadId: string,
    decision: ProposalDecision,
    conflicts: readonly string[],
  ): Promise<ProposalRecord | null> {
    const found = await withTransaction(this.pool, async (client) => {
      const changed = await client.query(
        positional(DECIDE_PROPOSAL_SQL, toDecisionParams(threadId, decision)),
      );
      if ((changed.rowCount ?? 0) === 0) return false;
      const disposition = {
        value: decision.state === 'accepted' ? 'accepted' : 'not-accepted',
        reason: decision.reason,
        by: decision.by,
        at: decision.at,
      } as const;
      await client.query(
        positional(SET_DISPOSITION_SQL, toDispositionParams(threadId, disposition)),
      );
      await client.query(
        positional(
          RECORD_EVENT_SQL,
          toEventParams({ threadId, kind: 'disposition', ...disposition }),
        ),
      );
      for (const other of conflicts) {
        const conflicted = await client.query(positional(MARK_CONFLICT_SQL, { other, threadId }));
        if ((conflicted.rowCount ?? 0) > 0) {
          await client.query('UPDATE threads SET updated_at = $1 WHERE id = $2', [
            decision.at,
            other,
          ]);
        }
      }
      return true;
    });
    return found ? this.get(threadId) : null;
  }
}
