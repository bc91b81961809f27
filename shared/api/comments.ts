import { z } from 'zod';
import {
  MAX_COMMENT_LENGTH,
  MAX_HIDE_REASON_LENGTH,
  MAX_MENTIONS_PER_COMMENT,
  MAX_QUOTE_LENGTH,
} from '../limits.ts';
import { storableString } from './storableText.ts';
import { proposalTextSchema, threadProposalSchema } from './proposals.ts';

/**
 * The comment API: threads on passages and paragraphs, their replies, stances, statuses,
 * dispositions and moderation. Routes are specified in docs/openapi.yaml.
 */

/** What a thread says about its passage, as the consultation platforms (CONSUL, Decidim) do. */
export const stances = ['support', 'object', 'question', 'editorial'] as const;
export const stanceSchema = z.enum(stances);
export type Stance = z.infer<typeof stanceSchema>;

/** Whether the authors still have to deal with a thread. */
export const threadStatuses = ['open', 'resolved'] as const;
export const threadStatusSchema = z.enum(threadStatuses);
export type ThreadStatus = z.infer<typeof threadStatusSchema>;

/** How the authors answered a thread; this is what they report back to the network. */
export const dispositions = ['accepted', 'partly-accepted', 'not-accepted', 'noted'] as const;
export const dispositionSchema = z.enum(dispositions);
export type Disposition = z.infer<typeof dispositionSchema>;

/**
 * A comment body: plain text, stored as data and never as HTML. Links are recognised in the text
 * when it is shown. A mention is written as "@Name" in the text and listed by user id in
 * `mentions`, so the server never has to guess who a name means.
 */
export const commentBodySchema = storableString()
  .trim()
  .min(1, 'The comment must not be empty.')
  .max(MAX_COMMENT_LENGTH, `The comment must be at most ${MAX_COMMENT_LENGTH} characters.`);

/** W3C Web Annotation TextQuoteSelector: a passage, told apart from repeats by its context. */
export const textQuoteSelectorSchema = z.object({
  type: z.literal('TextQuoteSelector'),
  exact: storableString()
    .min(1, 'The quoted passage must not be empty.')
    .max(MAX_QUOTE_LENGTH, `The quoted passage must be at most ${MAX_QUOTE_LENGTH} characters.`),
  prefix: storableString().max(MAX_QUOTE_LENGTH).optional(),
  suffix: storableString().max(MAX_QUOTE_LENGTH).optional(),
});

/** W3C Web Annotation FragmentSelector: a whole paragraph or heading, by its stable block id. */
export const fragmentSelectorSchema = z.object({
  type: z.literal('FragmentSelector'),
  value: storableString().min(1, 'The block id must not be empty.').max(100),
});

/** The target of a new thread, as the W3C Web Annotation Data Model writes it. */
export const threadTargetSchema = z.object({
  selector: z.discriminatedUnion('type', [textQuoteSelectorSchema, fragmentSelectorSchema]),
});
export type ThreadTarget = z.infer<typeof threadTargetSchema>;

/** The person behind a comment, as shown beside it. */
export const commentAuthorSchema = z.object({
  id: z.string(),
  name: z.string(),
  organisation: z.string(),
});
export type CommentAuthor = z.infer<typeof commentAuthorSchema>;

/** User ids of the members a comment mentions; each must be a member of the document. */
export const mentionsSchema = z
  .array(storableString().min(1).max(100))
  .max(MAX_MENTIONS_PER_COMMENT, `Mention at most ${MAX_MENTIONS_PER_COMMENT} people.`);

/**
 * One comment. A deleted comment that opens its thread or has replies after it keeps its place
 * (so the replies still read in order) with an empty body and `deletedAt`; a deleted last reply
 * is simply left out. A hidden comment's body is withheld from everyone but owners and admins,
 * who see it with the reason.
 */
export const commentSchema = z.object({
  id: z.string(),
  threadId: z.string(),
  author: commentAuthorSchema,
  body: z.string(),
  mentions: z.array(commentAuthorSchema),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
  hidden: z
    .object({
      at: z.string(),
      by: commentAuthorSchema,
      reason: z.string(),
    })
    .nullable(),
});
export type Comment = z.infer<typeof commentSchema>;

/**
 * Where a thread's passage stands now. `exact`, `prefix` and `suffix` form the
 * TextQuoteSelector as it stands now (or, when removed, as it was when the thread was made).
 * `start` and `end` are the stored Yjs relative positions, base64, which a client holding the
 * Y.Doc maps to its own positions while people type.
 */
export const threadAnchorSchema = z.object({
  kind: z.enum(['passage', 'block']),
  status: z.enum(['anchored', 'removed']),
  selector: z.discriminatedUnion('type', [
    textQuoteSelectorSchema.extend({ exact: z.string() }),
    fragmentSelectorSchema,
  ]),
  exact: z.string(),
  prefix: z.string(),
  suffix: z.string(),
  blockId: z.string().nullable(),
  start: z.string(),
  end: z.string(),
});
export type ThreadAnchor = z.infer<typeof threadAnchorSchema>;

/** A thread: its anchor, what it says, where it stands, and its comments (the first opens it). */
export const threadSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  author: commentAuthorSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  stance: stanceSchema.nullable(),
  status: threadStatusSchema,
  resolved: z.object({ at: z.string(), by: commentAuthorSchema }).nullable(),
  disposition: z
    .object({
      value: dispositionSchema,
      reason: z.string(),
      at: z.string(),
      by: commentAuthorSchema,
    })
    .nullable(),
  anchor: threadAnchorSchema,
  /**
   * The named version that was the newest when the thread was started: the draft it comments
   * on. Null when the document had no named version yet.
   */
  madeOnVersion: z.object({ id: z.string(), name: z.string() }).nullable(),
  comments: z.array(commentSchema),
  /** Present when the thread proposes new wording for its passage (see shared/api/proposals.ts). */
  proposal: threadProposalSchema.optional(),
});
export type Thread = z.infer<typeof threadSchema>;

/** `GET /api/documents/:id/threads`. */
export const listThreadsResponseSchema = z.object({ threads: z.array(threadSchema) });

/**
 * `POST /api/documents/:id/threads`. With `proposal` the thread proposes new wording for its
 * passage. A proposal may also target an insertion point: a TextQuoteSelector with an empty
 * `exact` and the text around the point as `prefix` and `suffix`.
 */
export const createThreadRequestSchema = z
  .object({
    target: z.object({
      selector: z.discriminatedUnion('type', [
        textQuoteSelectorSchema.extend({ exact: storableString().max(MAX_QUOTE_LENGTH) }),
        fragmentSelectorSchema,
      ]),
    }),
    body: commentBodySchema,
    mentions: mentionsSchema.optional(),
    stance: stanceSchema.optional(),
    proposal: proposalTextSchema.optional(),
  })
  .superRefine((value, context) => {
    const { selector } = value.target;
    if (selector.type === 'TextQuoteSelector' && selector.exact === '' && !value.proposal) {
      context.addIssue({
        code: 'custom',
        path: ['target', 'selector', 'exact'],
        message: 'The quoted passage must not be empty.',
      });
    }
  });

/** `POST /api/threads/:id/comments`. */
export const createCommentRequestSchema = z.object({
  body: commentBodySchema,
  mentions: mentionsSchema.optional(),
});

/** `PATCH /api/threads/:id`: resolve or reopen, or change the stance (the thread's author). */
export const updateThreadRequestSchema = z
  .object({
    status: threadStatusSchema.optional(),
    stance: stanceSchema.nullable().optional(),
  })
  .refine((value) => value.status !== undefined || value.stance !== undefined, {
    message: 'Give a status or a stance.',
  });

/** `PUT /api/threads/:id/disposition`: editors answer a thread. */
export const setDispositionRequestSchema = z.object({
  value: dispositionSchema,
  reason: storableString().trim().max(MAX_COMMENT_LENGTH),
});

/** `PATCH /api/comments/:id`: the author edits their own comment. */
export const updateCommentRequestSchema = z.object({
  body: commentBodySchema,
  mentions: mentionsSchema.optional(),
});

/** `POST /api/comments/:id/hide`: an owner hides a comment, with a reason that is logged. */
export const hideCommentRequestSchema = z.object({
  reason: storableString()
    .trim()
    .min(1, 'Give a reason.')
    .max(
      MAX_HIDE_REASON_LENGTH,
      `The reason must be at most ${MAX_HIDE_REASON_LENGTH} characters.`,
    ),
});

/** `PUT /api/documents/:id/comment-period`: the owner sets or clears the deadline. */
export const setCommentPeriodRequestSchema = z.object({
  closesAt: z.iso.datetime({ offset: true }).nullable(),
});

/** Formats of `GET /api/documents/:id/comment-report?format=…`. */
export const commentReportFormats = ['csv', 'md', 'docx', 'odt'] as const;
export const commentReportFormatSchema = z.enum(commentReportFormats);
