import { z } from 'zod';
import {
  commentSchema,
  threadSchema,
  type createCommentRequestSchema,
  type createThreadRequestSchema,
  type commentReportFormats,
  type setDispositionRequestSchema,
  type updateCommentRequestSchema,
  type updateThreadRequestSchema,
  type Thread,
} from '../../../shared/api/comments.ts';
import { compactThreadListSchema } from '../../../shared/api/compactThreads.ts';
import { expandCompactThreads } from '../../../shared/expandCompactThreads.ts';
import { documentSummarySchema } from '../../../shared/api/documents.ts';
import { apiRequest } from './apiClient.ts';

const nothing = z.unknown();
const enc = encodeURIComponent;

/**
 * Every thread of a document, each with its comments and its anchor as it stands now, fetched in the compact shape (each person once, no nulls; see
 * shared/api/compactThreads.ts) and expanded to the full one: a fraction of the bytes to send,
 * parse and validate when a large draft opens.
 */
export const listThreadsCompact = async (documentId: string): Promise<Thread[]> =>
  expandCompactThreads(
    await apiRequest(
      'GET',
      `/documents/${enc(documentId)}/threads?shape=compact`,
      compactThreadListSchema,
    ),
  );

/** Starts a thread on a passage or a paragraph. */
export const createThread = (
  documentId: string,
  request: z.input<typeof createThreadRequestSchema>,
) => apiRequest('POST', `/documents/${enc(documentId)}/threads`, threadSchema, request);

/** Replies in a thread. */
export const createComment = (
  threadId: string,
  request: z.input<typeof createCommentRequestSchema>,
) => apiRequest('POST', `/threads/${enc(threadId)}/comments`, commentSchema, request);

/** Resolves or reopens a thread, or changes its stance. */
export const updateThread = (
  threadId: string,
  request: z.input<typeof updateThreadRequestSchema>,
) => apiRequest('PATCH', `/threads/${enc(threadId)}`, threadSchema, request);

/** Answers a thread with a disposition and a reason (editors). */
export const setDisposition = (
  threadId: string,
  request: z.input<typeof setDispositionRequestSchema>,
) => apiRequest('PUT', `/threads/${enc(threadId)}/disposition`, threadSchema, request);

/** Edits one's own comment. */
export const updateComment = (
  commentId: string,
  request: z.input<typeof updateCommentRequestSchema>,
) => apiRequest('PATCH', `/comments/${enc(commentId)}`, commentSchema, request);

/** Deletes one's own comment; one with replies leaves a "removed" marker. */
export const deleteComment = (commentId: string) =>
  apiRequest('DELETE', `/comments/${enc(commentId)}`, nothing);

/** Hides a comment with a reason (owners); the comment is kept and the hiding logged. */
export const hideComment = (commentId: string, reason: string) =>
  apiRequest('POST', `/comments/${enc(commentId)}/hide`, nothing, { reason });

/** Shows a hidden comment again (owners). */
export const unhideComment = (commentId: string) =>
  apiRequest('DELETE', `/comments/${enc(commentId)}/hide`, nothing);

/** Sets the deadline for comments (an ISO date-time with offset), or clears it with null. */
export const setCommentPeriod = (documentId: string, closesAt: string | null) =>
  apiRequest('PUT', `/documents/${enc(documentId)}/comment-period`, documentSummarySchema, {
    closesAt,
  });

/** Address of the comment report download; a plain link, so the browser saves the file. */
export const commentReportUrl = (
  documentId: string,
  format: (typeof commentReportFormats)[number],
): string => `/api/documents/${enc(documentId)}/comment-report?format=${format}`;
