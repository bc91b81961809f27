import type Database from 'better-sqlite3';
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
      decide: db.prepare(DECIDE_PROPOSAL_SQL),
      disposition: db.prepare(SET_DISPOSITION_SQL),
      event: db.prepare(RECORD_EVENT_SQL),
      conflict: db.prepare(MARK_CONFLICT_SQL),
      touch: db.prepare<[string, string]>('UPDATE threads SET updated_at = ? WHERE id = ?'),
    };
  }

  async get(threadId: string): Promise<ProposalRecord | null> {
    const row = this.statements.get.get(threadId);
    return row ? toProposalRecord(row) : null;
  }

  async listForDocument(documentId: string): Promise<ProposalRecord[]> {
    return this.statements.forDocument.all(documentId).map(toProposalRecord);
  }

  async decide(
    threadId: string,
    decision: ProposalDecision,
    conflicts: readonly string[],
  ): Promise<ProposalRecord | null> {
    const found = this.db.transaction(() => {
      const changed = this.statements.decide.run(toDecisionParams(threadId, decision));
      if (changed.changes === 0) return false;
      const disposition = {
        value: decision.state === 'accepted' ? 'accepted' : 'not-accepted',
        reason: decision.reason,
        by: decision.by,
        at: decision.at,
      } as const;
      this.statements.disposition.run(toDispositionParams(threadId, disposition));
      this.statements.event.run(toEventParams({ threadId, kind: 'disposition', ...disposition }));
      for (const other of conflicts) {
        if (this.statements.conflict.run({ other, threadId }).changes > 0) {
          this.statements.touch.run(decision.at, other);
        }
      }
      return true;
    })();
    return found ? this.get(threadId) : null;
  }
}
