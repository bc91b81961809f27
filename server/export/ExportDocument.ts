import type { JSONContent } from '@tiptap/core';
import type { ExportCommentMode } from '../../shared/api/export.ts';
import type { ProposalMark, ProposalPlacement } from '../../shared/api/proposals.ts';
import type {
  ReportPerson,
  ReportProposal,
  ReportThread,
} from '../comments/report/CommentReport.ts';

/**
 * A document ready to be written out as DOCX, ODT, PDF, Markdown, HTML or slides: the text of one
 * version (or the current text), its paragraph numbers, and the threads the viewer may read, as
 * plain data. It holds no Y.Doc and no ProseMirror nodes, so it can be posted to a worker thread
 * as it is, and every renderer reads the same facts: a format never disagrees with another, or
 * with the screen.
 */
export interface ExportDocument {
  /** The document's title, as the user typed it. */
  title: string;
  /**
   * The version exported: its name and when it was made, or null for the current text (then
   * `exportedAt` is the date a title page shows).
   */
  version: { id: string; name: string; createdAt: string } | null;
  /** When the export was made (ISO 8601). */
  exportedAt: string;
  /** Time zone for every time shown, named where times are shown ("Europe/Stockholm"). */
  timeZone: string;
  /** Language of the words the export adds (headings of the appendix, the title page). */
  language: 'sv' | 'en';
  /** The text as Tiptap JSON in the shared schema (`shared/editor/extensions.ts`). */
  content: JSONContent;
  /**
   * Paragraph numbers as the margin shows them, by block id ("3.2", "3.2 ¶4"): see
   * `paragraphLabels`. Every id inside a numbered top-level block maps to that block's number.
   */
  labels: Record<string, string>;
  /**
   * The threads the viewer may read, in document order, as the comment report states them
   * (hidden and deleted text already withheld). Empty when comments are not exported.
   */
  threads: ExportThread[];
}

/** One thread, with where it sits in the exported text. */
export interface ExportThread extends ReportThread {
  /**
   * The block the thread is anchored to, or null when its text is gone in this version. A
   * renderer that anchors comments (Word comments, ODF annotations) finds `quote` inside this
   * block; when the quote is not found there it anchors to the whole block.
   */
  blockId: string | null;
  /** True for a thread on a whole paragraph (FragmentSelector) rather than a passage. */
  wholeBlock: boolean;
  /** The proposed wording with what a tracked change and a disposition need besides the report's. */
  proposal?: ExportProposal | null;
}

/**
 * A proposal as an export states it: the report's old and new text and state, plus where the
 * new text goes, its formatting (for a Word tracked change) and who decided it, when and why.
 */
export interface ExportProposal extends ReportProposal {
  placement: ProposalPlacement;
  marks: ProposalMark[];
  decided: { at: string; by: ReportPerson; reason: string } | null;
}

/** What the person exporting chose. */
export interface ExportOptions {
  /** A first page with the title, the version's name and its date. */
  titlePage: boolean;
  /** Section and paragraph numbers before headings and paragraphs, as in the app. */
  numbers: boolean;
  /**
   * `annotations`: real Word comments (DOCX) or office:annotation (ODT), anchored in the text;
   * `appendix`: a list of every thread ordered by paragraph, after the text.
   */
  comments: ExportCommentMode;
  /** DOCX only: open proposals as Word tracked changes in the text. */
  trackedChanges?: boolean;
}
