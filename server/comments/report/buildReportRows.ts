import type { Comment, CommentAuthor, Thread } from '../../../shared/api/comments.ts';
import type { Role } from '../../../shared/api/roles.ts';
import type {
  ReportComment,
  ReportCommentBody,
  ReportPerson,
  ReportThread,
} from './CommentReport.ts';

/** What buildReportRows turns into report rows. */
export interface ReportRowsInput {
  /**
   * The threads as the viewer may read them, in document order: `CommentService.listThreads`
   * sorts them (see `placeThreads`), and the report keeps that order so that it lists threads
   * exactly as the sidebar does.
   */
  threads: readonly Thread[];
  /** Block id to paragraph number, from `paragraphLabels`. */
  labels: ReadonlyMap<string, string>;
  /**
   * The viewer's effective role (site admins act as owner). Only an owner sees a hidden
   * comment's text and the reason it was hidden.
   */
  viewerRole: Role;
}

const person = (author: CommentAuthor): ReportPerson => ({
  name: author.name,
  organisation: author.organisation,
});

/**
 * What the report says of one comment. Deleted wins over hidden: a deleted comment has no text
 * left to show anyone. The viewer's role is checked here as well as by the comment service, so
 * a hidden comment's text cannot reach a commenter's report even if a thread list carried it.
 */
function bodyOf(comment: Comment, viewerRole: Role): ReportCommentBody {
  if (comment.deletedAt !== null) return { kind: 'removed' };
  if (comment.hidden !== null) {
    if (viewerRole !== 'owner') return { kind: 'hiddenByModerator' };
    return {
      kind: 'hidden',
      text: comment.body,
      reason: comment.hidden.reason,
      by: person(comment.hidden.by),
    };
  }
  return { kind: 'text', text: comment.body };
}

function commentRow(comment: Comment, index: number, viewerRole: Role): ReportComment {
  return {
    id: comment.id,
    isReply: index > 0,
    author: person(comment.author),
    createdAt: comment.createdAt,
    editedAt: comment.editedAt,
    body: bodyOf(comment, viewerRole),
  };
}

/**
 * The paragraph number of a thread: that of the block its anchor names. For a passage that is
 * the block its first character stands in now; for removed text, the block it stood in, which
 * keeps its number as long as the paragraph itself exists. A thread whose paragraph is gone, or
 * that sits in the unnumbered title, has none.
 */
function paragraphOf(thread: Thread, labels: ReadonlyMap<string, string>): string | null {
  const { blockId } = thread.anchor;
  return (blockId === null ? undefined : labels.get(blockId)) ?? null;
}

/**
 * Turns the threads of a document into the rows of the comment report: in the order given
 * (document order), numbered from 1, each with its paragraph number, quote, author, stance,
 * status, disposition and the comments the viewer may read. Pure: the same input always gives
 * the same rows.
 */
export function buildReportRows(input: ReportRowsInput): ReportThread[] {
  const { labels, viewerRole } = input;
  return input.threads.map((thread, index) => ({
    id: thread.id,
    number: index + 1,
    paragraph: paragraphOf(thread, labels),
    quote: thread.anchor.exact,
    textRemoved: thread.anchor.status === 'removed',
    author: person(thread.author),
    stance: thread.stance,
    status: thread.status,
    resolved:
      thread.status === 'resolved' && thread.resolved !== null
        ? { at: thread.resolved.at, by: person(thread.resolved.by) }
        : null,
    disposition:
      thread.disposition === null
        ? null
        : {
            value: thread.disposition.value,
            reason: thread.disposition.reason,
            at: thread.disposition.at,
            by: person(thread.disposition.by),
          },
    comments: thread.comments.map((comment, position) => commentRow(comment, position, viewerRole)),
    proposal: thread.proposal
      ? {
          original: thread.proposal.original,
          text: thread.proposal.text,
          applied:
            thread.proposal.applied && thread.proposal.applied.text !== thread.proposal.text
              ? thread.proposal.applied.text
              : null,
          state: thread.proposal.state,
        }
      : null,
  }));
}
