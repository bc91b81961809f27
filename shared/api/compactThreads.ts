import { z } from 'zod';
import {
  commentAuthorSchema,
  dispositionSchema,
  stanceSchema,
  threadStatusSchema,
} from './comments.ts';
import { threadProposalSchema } from './proposals.ts';

/**
 * The compact shape of a document's thread list: `GET /api/documents/:id/threads?shape=compact`.
 *
 * It carries exactly what the full shape (`listThreadsResponseSchema`) carries, without its
 * repetitions, and `expandCompactThreads` (shared/expandCompactThreads.ts) turns it back into
 * the full shape, equal field for field. On a large draft (2,000 threads, 5,000 comments) the
 * full list repeats the same few people in every comment, the document id in every thread, the
 * thread id in every comment, the quote and its context in the selector, and a null for every
 * field that is not set; that is most of its bytes, and all of them are built, serialised,
 * compressed, sent, parsed and validated on the path of every participant who opens the draft.
 *
 * - People are listed once, in `people`; everywhere else a person is an index into it.
 * - Named versions are listed once, in `versions`; `madeOnVersion` is an index into it.
 * - A field that is null in the full shape (or an empty `mentions`) is left out.
 * - `documentId` is given once; each comment's `threadId` is its thread's `id`.
 * - The anchor's selector is rebuilt from `kind`, `exact`, `prefix`, `suffix` and `blockId`;
 *   `fragment` is given only where a block selector's value is not `blockId` (a block anchor
 *   whose paragraph went away and whose text was found again in another).
 * - `updatedAt` is left out when it equals `createdAt`.
 * - A proposal is carried as the full shape carries it: few threads have one.
 */

/** An index into `people`. */
const personRef = z.number().int().nonnegative();

export const compactCommentSchema = z.object({
  id: z.string(),
  author: personRef,
  body: z.string(),
  mentions: z.array(personRef).optional(),
  createdAt: z.string(),
  editedAt: z.string().optional(),
  deletedAt: z.string().optional(),
  hidden: z.object({ at: z.string(), by: personRef, reason: z.string() }).optional(),
});
export type CompactComment = z.infer<typeof compactCommentSchema>;

export const compactAnchorSchema = z.object({
  kind: z.enum(['passage', 'block']),
  status: z.enum(['anchored', 'removed']),
  exact: z.string(),
  prefix: z.string(),
  suffix: z.string(),
  blockId: z.string().optional(),
  /** A block selector's value, when it is not `blockId`. */
  fragment: z.string().optional(),
  start: z.string(),
  end: z.string(),
});
export type CompactAnchor = z.infer<typeof compactAnchorSchema>;

export const compactThreadSchema = z.object({
  id: z.string(),
  author: personRef,
  createdAt: z.string(),
  updatedAt: z.string().optional(),
  stance: stanceSchema.optional(),
  status: threadStatusSchema,
  resolved: z.object({ at: z.string(), by: personRef }).optional(),
  disposition: z
    .object({ value: dispositionSchema, reason: z.string(), at: z.string(), by: personRef })
    .optional(),
  anchor: compactAnchorSchema,
  /** An index into `versions`. */
  madeOnVersion: z.number().int().nonnegative().optional(),
  comments: z.array(compactCommentSchema),
  proposal: threadProposalSchema.optional(),
});
export type CompactThread = z.infer<typeof compactThreadSchema>;

/** `GET /api/documents/:id/threads?shape=compact`. */
export const compactThreadListSchema = z.object({
  shape: z.literal('compact'),
  documentId: z.string(),
  people: z.array(commentAuthorSchema),
  versions: z.array(z.object({ id: z.string(), name: z.string() })),
  threads: z.array(compactThreadSchema),
});
export type CompactThreadList = z.infer<typeof compactThreadListSchema>;

/** The values of the `shape` query parameter of `GET /api/documents/:id/threads`. */
export const threadListShapes = ['full', 'compact'] as const;
export const threadListShapeSchema = z.enum(threadListShapes);
export type ThreadListShape = z.infer<typeof threadListShapeSchema>;

/**
 * The query of `GET /api/documents/:id/threads`. Without `shape` the full shape answers, as it
 * always has; outside tools keep reading that one.
 */
export const listThreadsQuerySchema = z.object({
  shape: threadListShapeSchema.default('full'),
});
