import { z } from 'zod';
import { MAX_PROPOSAL_LENGTH, MAX_PROPOSAL_MARKS } from '../limits.ts';
import { sanitizeUrl } from '../sanitizeUrl.ts';
import { storableString } from './storableText.ts';

/**
 * Proposed wording: a thread that proposes replacement text for its passage, which editors
 * accept (the text is changed for them) or reject. See docs/proposals.md.
 */

/** The formatting a proposed wording may carry: bold, italic and links, as the issue allows. */
export const proposalMarkTypes = ['bold', 'italic', 'link'] as const;

/**
 * One formatted range `[from, to)` of a proposed wording, in UTF-16 code units of `text`. A link
 * carries its `href`, which must pass `sanitizeUrl`.
 */
export const proposalMarkSchema = z
  .object({
    type: z.enum(proposalMarkTypes),
    from: z.number().int().min(0),
    to: z.number().int().min(1),
    href: z.string().max(2000).optional(),
  })
  .refine((mark) => mark.from < mark.to, { message: 'A mark must cover at least one character.' })
  .refine((mark) => (mark.type === 'link') === (mark.href !== undefined), {
    message: 'A link mark needs an href, and only a link mark has one.',
  })
  .refine((mark) => mark.href === undefined || sanitizeUrl(mark.href) !== null, {
    message: 'The link must be an http, https or mailto address.',
    path: ['href'],
  });
export type ProposalMark = z.infer<typeof proposalMarkSchema>;

/**
 * A proposed wording as plain text plus formatted ranges. Plain text with ranges rather than
 * editor JSON: it is what the API's `{text}` already says, it cannot smuggle in anything but the
 * three marks, and reports and exports read `text` as it is. An empty `text` proposes deleting
 * the passage. Line breaks are refused: a proposal rewrites a passage within one paragraph.
 */
export const proposalTextSchema = z
  .object({
    text: storableString()
      .max(
        MAX_PROPOSAL_LENGTH,
        `The proposed wording must be at most ${MAX_PROPOSAL_LENGTH} characters.`,
      )
      .refine((text) => !/[\r\n]/.test(text), {
        message: 'The proposed wording must not contain line breaks.',
      }),
    marks: z
      .array(proposalMarkSchema)
      .max(MAX_PROPOSAL_MARKS, `Use at most ${MAX_PROPOSAL_MARKS} formatted ranges.`)
      .optional(),
  })
  .refine((value) => (value.marks ?? []).every((mark) => mark.to <= value.text.length), {
    message: 'A mark reaches past the end of the text.',
    path: ['marks'],
  });
export type ProposalText = z.infer<typeof proposalTextSchema>;

/**
 * Where a proposal stands. `conflict`: another proposal on overlapping text was accepted, so this
 * one now proposes a change to text that has changed; it is kept, and editors can still accept it
 * onto the current text or reject it.
 */
export const proposalStates = ['open', 'accepted', 'rejected', 'conflict'] as const;
export const proposalStateSchema = z.enum(proposalStates);
export type ProposalState = z.infer<typeof proposalStateSchema>;

/**
 * What a proposal does to its passage: `replace` it (an empty text deletes it), or insert the
 * text right `after` or `before` the anchored passage (an insertion point; the passage is the one
 * character next to the point).
 */
export const proposalPlacements = ['replace', 'after', 'before'] as const;
export const proposalPlacementSchema = z.enum(proposalPlacements);
export type ProposalPlacement = z.infer<typeof proposalPlacementSchema>;

const personSchema = z.object({ id: z.string(), name: z.string(), organisation: z.string() });

/** A proposal as threads carry it (`Thread.proposal`). */
export const threadProposalSchema = z.object({
  placement: proposalPlacementSchema,
  /** The text the proposal replaces, as it was when proposed ('' for an insertion). */
  original: z.string(),
  /** The proposed wording. */
  text: z.string(),
  marks: z.array(proposalMarkSchema),
  state: proposalStateSchema,
  /** Who accepted or rejected it, when, and the reason given for a rejection. */
  decided: z.object({ at: z.string(), by: personSchema, reason: z.string() }).nullable(),
  /**
   * What was written into the text on acceptance: the proposal itself, or the editor's edited
   * version of it. Null until accepted.
   */
  applied: z.object({ text: z.string(), marks: z.array(proposalMarkSchema) }).nullable(),
});
export type ThreadProposal = z.infer<typeof threadProposalSchema>;

/**
 * `POST /api/threads/:id/accept`.
 * - `onto: 'current'`: accept although the passage changed since the proposal was made (after
 *   seeing the conflict); the current text of the passage is replaced.
 * - `text`: the editor's edited version of the proposal, applied instead of it.
 * - `apply: 'client'`: the server applies nothing; it answers with the prepared change, which an
 *   editor's browser applies as its own edit (so its undo reverts it) and then confirms with
 *   `POST /api/threads/:id/accept/confirm`. The default, `'server'`, applies it on the server.
 */
export const acceptProposalRequestSchema = z.object({
  onto: z.literal('current').optional(),
  text: proposalTextSchema.optional(),
  apply: z.enum(['server', 'client']).optional(),
});
export type AcceptProposalRequest = z.infer<typeof acceptProposalRequestSchema>;

/** The answer to `apply: 'client'`: a Yjs update (base64) and the token that vouches for it. */
export const preparedProposalChangeSchema = z.object({
  update: z.string(),
  token: z.string(),
});
export type PreparedProposalChange = z.infer<typeof preparedProposalChangeSchema>;

/** The body of the answer to `apply: 'client'`. */
export const preparedProposalResponseSchema = z.object({ change: preparedProposalChangeSchema });

/** `POST /api/threads/:id/accept/confirm`: the prepared change, once the browser applied it. */
export const confirmProposalRequestSchema = preparedProposalChangeSchema;

/** `POST /api/threads/:id/reject`. */
export const rejectProposalRequestSchema = z.object({
  reason: storableString().trim().min(1, 'Give a reason.').max(MAX_PROPOSAL_LENGTH),
});

/**
 * The `details` of the 409 an accept answers when the passage changed since the proposal: the
 * three texts the editor needs to decide.
 */
export const proposalConflictDetailsSchema = z.object({
  reason: z.literal('proposal-conflict'),
  original: z.string(),
  current: z.string(),
  proposal: z.object({ text: z.string(), marks: z.array(proposalMarkSchema) }),
});
export type ProposalConflictDetails = z.infer<typeof proposalConflictDetailsSchema>;
