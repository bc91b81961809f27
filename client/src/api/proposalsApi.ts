import type { z } from 'zod';
import { threadSchema } from '../../../shared/api/comments.ts';
import {
  preparedProposalResponseSchema,
  type acceptProposalRequestSchema,
  type PreparedProposalChange,
} from '../../../shared/api/proposals.ts';
import { apiRequest } from './apiClient.ts';

const enc = encodeURIComponent;

type AcceptOptions = Omit<z.input<typeof acceptProposalRequestSchema>, 'apply'>;

/**
 * Asks the server to prepare an accepted proposal as a change this browser applies itself, so
 * that the editor's undo reverts it (editors). Answers 409 with the three texts on a conflict.
 */
export const prepareAcceptance = (threadId: string, options: AcceptOptions) =>
  apiRequest('POST', `/threads/${enc(threadId)}/accept`, preparedProposalResponseSchema, {
    ...options,
    apply: 'client',
  });

/** Accepts a proposal with the change made on the server (no editor open to apply it). */
export const acceptOnServer = (threadId: string, options: AcceptOptions) =>
  apiRequest('POST', `/threads/${enc(threadId)}/accept`, threadSchema, options);

/** Records the acceptance once the prepared change is applied and stored. */
export const confirmAcceptance = (threadId: string, change: PreparedProposalChange) =>
  apiRequest('POST', `/threads/${enc(threadId)}/accept/confirm`, threadSchema, change);

/** Rejects a proposal with a reason (editors). */
export const rejectProposal = (threadId: string, reason: string) =>
  apiRequest('POST', `/threads/${enc(threadId)}/reject`, threadSchema, { reason });
