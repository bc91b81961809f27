import type { Disposition, Stance, ThreadStatus } from '../../../shared/api/comments.ts';
import type { ProposalState } from '../../../shared/api/proposals.ts';

/**
 * The comment report as data, before it is written as CSV or Markdown. It holds no translated
 * words, so both formats and both languages are written from the same rows, and it already
 * holds only what the viewer may see: a hidden comment's text reaches it only for owners.
 */
export interface CommentReport {
  /** The document's title, as the user typed it. */
  title: string;
  /** When the report was made. */
  generatedAt: Date;
  /** Every thread, in document order. */
  threads: ReportThread[];
}

/** Who wrote something, as the report names them: the organisation is what the network reads. */
export interface ReportPerson {
  name: string;
  organisation: string;
}

/** One thread of the report. */
export interface ReportThread {
  /** The thread's id in the API, for people who cross-reference the report with the app. */
  id: string;
  /** Position in the report, from 1. */
  number: number;
  /** The paragraph number as the margin shows it ("3.2 ¶4"), or null when it has none. */
  paragraph: string | null;
  /** The passage: the text as it stands now, or the original quote when the text was removed. */
  quote: string;
  /** Whether the commented text has been deleted from the document. */
  textRemoved: boolean;
  author: ReportPerson;
  stance: Stance | null;
  status: ThreadStatus;
  /** Who resolved the thread and when; null while it is open. */
  resolved: { at: string; by: ReportPerson } | null;
  /** How the authors answered the thread; null until they have. */
  disposition: { value: Disposition; reason: string; at: string; by: ReportPerson } | null;
  /** The opening comment first, then the replies, in the order the thread shows them. */
  comments: ReportComment[];
  /** The proposed wording, when the thread proposes some; absent or null otherwise. */
  proposal?: ReportProposal | null;
}

/** A thread's proposed wording: old and new text, and where it stands. */
export interface ReportProposal {
  /** The text it replaces ('' for an insertion). */
  original: string;
  /** The proposed text ('' for a deletion). */
  text: string;
  /** What was written into the text on acceptance, when the editor edited it first. */
  applied: string | null;
  state: ProposalState;
}

/** One comment (the thread's opening comment, or a reply). */
export interface ReportComment {
  id: string;
  /** False for the comment that opened the thread. */
  isReply: boolean;
  author: ReportPerson;
  createdAt: string;
  editedAt: string | null;
  body: ReportCommentBody;
}

/**
 * What the report may say of a comment's text. `hidden` carries the text and the reason and is
 * only made for owners and admins; everybody else gets `hiddenByModerator`, which carries
 * neither, so no renderer can leak them by mistake.
 */
export type ReportCommentBody =
  | { kind: 'text'; text: string }
  | { kind: 'removed' }
  | { kind: 'hidden'; text: string; reason: string; by: ReportPerson }
  | { kind: 'hiddenByModerator' };
