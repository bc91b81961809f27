import type { Disposition, Stance, ThreadStatus } from '../../../shared/api/comments.ts';
import type { ProposalState } from '../../../shared/api/proposals.ts';
import type { MessageKey } from '../../../shared/i18n/sv.ts';

/*
 * The message keys of the values the report writes, in one place so CSV and Markdown say the
 * same words. The records are typed over the shared enums, so a new stance or disposition in
 * shared/api/comments.ts does not compile until it has a label here.
 */

/** Message key of each stance. */
export const stanceKeys: Record<Stance, MessageKey> = {
  support: 'comments.stance.support',
  object: 'comments.stance.object',
  question: 'comments.stance.question',
  editorial: 'comments.stance.editorial',
};

/** Message key of each thread status. */
export const statusKeys: Record<ThreadStatus, MessageKey> = {
  open: 'report.status.open',
  resolved: 'report.status.resolved',
};

/** Message key of each disposition. */
export const dispositionKeys: Record<Disposition, MessageKey> = {
  accepted: 'comments.disposition.accepted',
  'partly-accepted': 'comments.disposition.partly-accepted',
  'not-accepted': 'comments.disposition.not-accepted',
  noted: 'comments.disposition.noted',
};

/** Message key of each proposal state. */
export const proposalStateKeys: Record<ProposalState, MessageKey> = {
  open: 'proposals.state.open',
  accepted: 'proposals.state.accepted',
  rejected: 'proposals.state.rejected',
  conflict: 'proposals.state.conflict',
};
