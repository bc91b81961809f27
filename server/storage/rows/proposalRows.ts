import { z } from 'zod';
import {
  proposalMarkSchema,
  proposalPlacementSchema,
  proposalStateSchema,
} from '../../../shared/api/proposals.ts';
import type { ProposalDecision, ProposalRecord } from '../types.ts';
import type { SqlParams } from './params.ts';

/** A row of `proposals`; marks and applied hold JSON text in both stores. */
export interface ProposalRow {
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

/** Reads a proposal row. */
export function toProposalRecord(row: ProposalRow): ProposalRecord {
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
export const INSERT_PROPOSAL_SQL = `INSERT INTO proposals (
    thread_id, placement, original, text, marks, state, decided_by, decided_at,
    decision_reason, applied)
  VALUES (@threadId, @placement, @original, @text, @marks, @state, @decidedBy, @decidedAt,
    @decisionReason, @applied)`;

/** The parameters of {@link INSERT_PROPOSAL_SQL} for a record. */
export function toProposalParams(proposal: ProposalRecord): SqlParams {
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

/** Records an editor's decision on a proposal. */
export const DECIDE_PROPOSAL_SQL = `UPDATE proposals SET state = @state, decided_by = @by,
    decided_at = @at, decision_reason = @reason, applied = @applied
  WHERE thread_id = @threadId`;

/** The parameters of {@link DECIDE_PROPOSAL_SQL}. */
export function toDecisionParams(threadId: string, decision: ProposalDecision): SqlParams {
  return {
    threadId,
    state: decision.state,
    by: decision.by,
    at: decision.at,
    reason: decision.reason,
    applied: decision.applied === null ? null : JSON.stringify(decision.applied),
  };
}

/**
 * Marks another open proposal as in conflict with the one just accepted. Guarded by the state,
 * so a proposal already decided keeps its decision.
 */
export const MARK_CONFLICT_SQL = `UPDATE proposals SET state = 'conflict'
  WHERE thread_id = @other AND state = 'open' AND thread_id <> @threadId`;
