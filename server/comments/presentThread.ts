import type { Comment, Thread, ThreadAnchor } from '../../shared/api/comments.ts';
import type { ThreadProposal } from '../../shared/api/proposals.ts';
import type { Role } from '../../shared/api/roles.ts';
import type { ResolvedAnchor } from './anchors/resolveAnchor.ts';
import type { MadeOnVersions } from './MadeOnVersions.ts';
import type { PeopleDirectory } from './PeopleDirectory.ts';
import type { CommentRecord, ProposalRecord, ThreadRecord } from '../storage/types.ts';

/** Who is reading, as far as what they may see depends on it. */
export interface CommentReader {
  userId: string;
  /** Owners and site admins moderate: they see hidden comments and why they were hidden. */
  moderates: boolean;
}

/** The reader of a document in which `user` has `role`. */
export function readerOf(user: { id: string }, role: Role): CommentReader {
  return { userId: user.id, moderates: role === 'owner' };
}

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/**
 * What of a comment `reader` may see.
 *
 * - Deleted: the body and mentions are never returned, to anyone; the row keeps them for the
 *   record.
 * - Hidden: owners and admins see the body, the mentions and the reason; the author sees the
 *   reason (but not, here, the body they wrote); everyone else sees only that it was hidden, by
 *   whom and when.
 */
export function commentVisibility(
  comment: CommentRecord,
  reader: CommentReader,
): { withheld: boolean; hiddenReason: string } {
  const { hidden } = comment;
  return {
    withheld: comment.deletedAt !== null || (hidden !== null && !reader.moderates),
    hiddenReason:
      hidden !== null && (reader.moderates || reader.userId === comment.authorId)
        ? hidden.reason
        : '',
  };
}

/** A comment as `reader` may see it (see `commentVisibility`). */
export async function presentComment(
  comment: CommentRecord,
  reader: CommentReader,
  people: PeopleDirectory,
): Promise<Comment> {
  const { hidden } = comment;
  const { withheld, hiddenReason } = commentVisibility(comment, reader);
  return {
    id: comment.id,
    threadId: comment.threadId,
    author: await people.get(comment.authorId),
    body: withheld ? '' : comment.body,
    mentions: withheld ? [] : await people.list(comment.mentions),
    createdAt: comment.createdAt,
    editedAt: comment.editedAt,
    deletedAt: comment.deletedAt,
    hidden: hidden && {
      at: hidden.at,
      by: await people.get(hidden.by),
      reason: hiddenReason,
    },
  };
}

/**
 * The comments a thread shows: all of them, except deleted ones at its end. A deleted comment
 * with later replies stays as a "removed" marker so the replies still read in order, and so does
 * a deleted first comment, which opened the thread.
 */
export function visibleComments(comments: readonly CommentRecord[]): CommentRecord[] {
  let last = comments.length - 1;
  while (last > 0 && (comments[last]?.deletedAt ?? null) !== null) last -= 1;
  return comments.slice(0, last + 1);
}

/** The anchor as the API shows it: the selector as it stands now, and the stored positions. */
export function presentAnchor(thread: ThreadRecord, resolved: ResolvedAnchor): ThreadAnchor {
  const { anchor } = thread;
  return {
    kind: anchor.kind,
    status: resolved.status,
    selector:
      anchor.kind === 'block'
        ? { type: 'FragmentSelector', value: anchor.blockId }
        : {
            type: 'TextQuoteSelector',
            exact: resolved.exact,
            prefix: resolved.prefix,
            suffix: resolved.suffix,
          },
    exact: resolved.exact,
    prefix: resolved.prefix,
    suffix: resolved.suffix,
    blockId: resolved.blockId,
    start: base64(anchor.start),
    end: base64(anchor.end),
  };
}

/** A proposal as threads carry it, with the person who decided on it. */
export async function presentProposal(
  proposal: ProposalRecord,
  people: PeopleDirectory,
): Promise<ThreadProposal> {
  const { decidedAt, decidedBy } = proposal;
  return {
    placement: proposal.placement,
    original: proposal.original,
    text: proposal.text,
    marks: proposal.marks,
    state: proposal.state,
    decided:
      decidedAt !== null && decidedBy !== null
        ? { at: decidedAt, by: await people.get(decidedBy), reason: proposal.decisionReason ?? '' }
        : null,
    applied: proposal.applied,
  };
}

/**
 * A thread with its resolved anchor, the comments `reader` may see, and the named version it
 * was made on (see `MadeOnVersions`), and its proposal when it proposes new wording.
 */
export async function presentThread(
  thread: ThreadRecord,
  resolved: ResolvedAnchor,
  comments: readonly CommentRecord[],
  reader: CommentReader,
  people: PeopleDirectory,
  madeOn: MadeOnVersions,
  proposal: ProposalRecord | null = null,
): Promise<Thread> {
  const { disposition } = thread;
  return {
    id: thread.id,
    documentId: thread.documentId,
    author: await people.get(thread.authorId),
    createdAt: thread.createdAt,
    updatedAt: thread.updatedAt,
    stance: thread.stance,
    status: thread.status,
    resolved:
      thread.status === 'resolved' && thread.resolvedAt !== null && thread.resolvedBy !== null
        ? { at: thread.resolvedAt, by: await people.get(thread.resolvedBy) }
        : null,
    disposition: disposition && {
      value: disposition.value,
      reason: disposition.reason,
      at: disposition.at,
      by: await people.get(disposition.by),
    },
    anchor: presentAnchor(thread, resolved),
    madeOnVersion: madeOn.at(thread.createdAt),
    comments: await Promise.all(
      visibleComments(comments).map((comment) => presentComment(comment, reader, people)),
    ),
    ...(proposal === null ? {} : { proposal: await presentProposal(proposal, people) }),
  };
}
