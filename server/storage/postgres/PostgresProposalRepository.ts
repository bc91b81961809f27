import type pg from 'pg';
import { z } from 'zod';
import {
  proposalMarkSchema,
  proposalPlacementSchema,
  proposalStateSchema,
} from '../../../shared/api/proposals.ts';
import type { ProposalDecision, ProposalRecord, ProposalRepository } from '../types.ts';
import { withTransaction, type Queryable } from './sql.ts';

interface ProposalRow {
  thread_id: string;
  placement: string;
  original: string;
  text: string;
  marks: string;
  state: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  applied: string | null;
}

const marksSchema = z.array(proposalMarkSchema);
const appliedSchema = z.object({ text: z.string(), marks: marksSchema });

function toRecord(row: ProposalRow): ProposalRecord {
  return {
    threadId: row.thread_id,
    placement: proposalPlacementSchema.parse(row.placement),
    original: row.original,
    text: row.text,
    marks: marksSchema.parse(JSON.parse(row.marks)),
    state: proposalStateSchema.parse(row.state),
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    decisionReason: row.decision_reason,
    applied: row.applied === null ? null : appliedSchema.parse(JSON.parse(row.applied)),
  };
}

/** Stores a new proposal; the thread repository runs it in the thread's transaction. */
export async function insertProposal(db: Queryable, proposal: ProposalRecord): Promise<void> {
  await db.query(
    `INSERT INTO proposals (
       thread_id, placement, original, text, marks, state, decided_by, decided_at,
       decision_reason, applied)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      proposal.threadId,
      proposal.placement,
      proposal.original,
      proposal.text,
      JSON.stringify(proposal.marks),
      proposal.state,
      proposal.decidedBy,
      proposal.decidedAt,
      proposal.decisionReason,
      proposal.applied === null ? null : JSON.stringify(proposal.applied),
    ],
  );
}

/** Proposals in PostgreSQL. */
export class PostgresProposalRepository implements ProposalRepository {
  constructor(private readonly pool: pg.Pool) {}

  async get(threadId: string): Promise<ProposalRecord | null> {
    const result = await this.pool.query<ProposalRow>(
      'SELECT * FROM proposals WHERE thread_id = $1',
      [threadId],
    );
    const row = result.rows[0];
    return row ? toRecord(row) : null;
  }

  async listForDocument(documentId: string): Promise<ProposalRecord[]> {
    const result = await this.pool.query<ProposalRow>(
      `SELECT p.* FROM proposals p JOIN threads t ON t.id = p.thread_id
       WHERE t.document_id = $1`,
      [documentId],
    );
    return result.rows.map(toRecord);
  }

  async decide(
    threadId: string,
    decision: ProposalDecision,
    conflicts: readonly string[],
  ): Promise<ProposalRecord | null> {
    const found = await withTransaction(this.pool, async (client) => {
      const changed = await client.query(
        `UPDATE proposals SET state = $1, decided_by = $2, decided_at = $3,
           decision_reason = $4, applied = $5
         WHERE thread_id = $6`,
        [
          decision.state,
          decision.by,
          decision.at,
          decision.reason,
          decision.applied === null ? null : JSON.stringify(decision.applied),
          threadId,
        ],
      );
      if ((changed.rowCount ?? 0) === 0) return false;
      const value = decision.state === 'accepted' ? 'accepted' : 'not-accepted';
      await client.query(
        `UPDATE threads SET disposition = $1, disposition_reason = $2, disposition_by = $3,
           disposition_at = $4, updated_at = $4 WHERE id = $5`,
        [value, decision.reason, decision.by, decision.at, threadId],
      );
      await client.query(
        `INSERT INTO thread_events (thread_id, at, kind, value, reason, actor_id)
         VALUES ($1, $2, 'disposition', $3, $4, $5)`,
        [threadId, decision.at, value, decision.reason, decision.by],
      );
      for (const other of conflicts) {
        const conflicted = await client.query(
          `UPDATE proposals SET state = 'conflict'
           WHERE thread_id = $1 AND state = 'open' AND thread_id <> $2`,
          [other, threadId],
        );
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
