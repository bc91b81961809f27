import type Database from 'better-sqlite3';
import { z } from 'zod';
import {
  proposalMarkSchema,
  proposalPlacementSchema,
  proposalStateSchema,
} from '../../../shared/api/proposals.ts';
import type { ProposalDecision, ProposalRecord, ProposalRepository } from '../types.ts';

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

/** The statement that stores a new proposal; the thread repository runs it with the thread. */
export const insertProposalSql = `INSERT INTO proposals (
    thread_id, placement, original, text, marks, state, decided_by, decided_at,
    decision_reason, applied)
  VALUES (@threadId, @placement, @original, @text, @marks, @state, @decidedBy, @decidedAt,
    @decisionReason, @applied)`;

/** The parameters of {@link insertProposalSql} for a record. */
export function toProposalParams(proposal: ProposalRecord) {
  return {
    threadId: proposal.threadId,
    placement: proposal.placement,
    original: proposal.original,
    text: proposal.text,
    marks: JSON.stringify(proposal.marks),
    state: proposal.state,
    decidedBy: proposal.decidedBy,
    decidedAt: proposal.decidedAt,
    decisionReason: proposal.decisionReason,
    applied: proposal.applied === null ? null : JSON.stringify(proposal.applied),
  };
}

/** Proposals in SQLite. */
export class SqliteProposalRepository implements ProposalRepository {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      get: db.prepare<[string], ProposalRow>('SELECT * FROM proposals WHERE thread_id = ?'),
      forDocument: db.prepare<[string], ProposalRow>(
        `SELECT p.* FROM proposals p JOIN threads t ON t.id = p.thread_id
         WHERE t.document_id = ?`,
      ),
      decide: db.prepare(
        `UPDATE proposals SET state = @state, decided_by = @by, decided_at = @at,
           decision_reason = @reason, applied = @applied
         WHERE thread_id = @threadId`,
      ),
      disposition: db.prepare(
        `UPDATE threads SET disposition = @value, disposition_reason = @reason,
           disposition_by = @by, disposition_at = @at, updated_at = @at
         WHERE id = @threadId`,
      ),
      event: db.prepare(
        `INSERT INTO thread_events (thread_id, at, kind, value, reason, actor_id)
         VALUES (@threadId, @at, 'disposition', @value, @reason, @by)`,
      ),
      conflict: db.prepare<[string, string]>(
        `UPDATE proposals SET state = 'conflict' WHERE thread_id = ? AND state = 'open'
           AND thread_id <> ?`,
      ),
      touch: db.prepare<[string, string]>('UPDATE threads SET updated_at = ? WHERE id = ?'),
    };
  }

  async get(threadId: string): Promise<ProposalRecord | null> {
    const row = this.statements.get.get(threadId);
    return row ? toRecord(row) : null;
  }

  async listForDocument(documentId: string): Promise<ProposalRecord[]> {
    return this.statements.forDocument.all(documentId).map(toRecord);
  }

  async decide(
    threadId: string,
    decision: ProposalDecision,
    conflicts: readonly string[],
  ): Promise<ProposalRecord | null> {
    const found = this.db.transaction(() => {
      const changed = this.statements.decide.run({
        threadId,
        state: decision.state,
        by: decision.by,
        at: decision.at,
        reason: decision.reason,
        applied: decision.applied === null ? null : JSON.stringify(decision.applied),
      });
      if (changed.changes === 0) return false;
      const disposition = {
        threadId,
        value: decision.state === 'accepted' ? 'accepted' : 'not-accepted',
        reason: decision.reason,
        by: decision.by,
        at: decision.at,
      };
      this.statements.disposition.run(disposition);
      this.statements.event.run(disposition);
      for (const other of conflicts) {
        if (this.statements.conflict.run(other, threadId).changes > 0) {
          this.statements.touch.run(decision.at, other);
        }
      }
      return true;
    })();
    return found ? this.get(threadId) : null;
  }
}
