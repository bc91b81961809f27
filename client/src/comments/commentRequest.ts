import type { ThreadTarget } from '../../../shared/api/comments.ts';

/**
 * What the editor hands the sidebar when someone asks to comment: on a selected passage (a
 * TextQuoteSelector) or on a whole paragraph from its margin number (a FragmentSelector).
 */
export interface CommentRequest {
  target: ThreadTarget;
  /** The text being commented on, shown above the composer. */
  quote: string;
  /** The paragraph's number as the margin shows it, such as "3.2 ¶4", or "" when it has none. */
  label: string;
  /**
   * True when the user asked to propose new wording rather than comment. An empty `quote` then
   * means an insertion at the cursor (a TextQuoteSelector with an empty `exact`).
   */
  proposal?: boolean;
}

/**
 * Where each thread's passage is on screen, for lining threads up with their text: the top of
 * the passage in pixels from the top of the frame around the text (`.document-frame`, which the
 * sidebar measures from as well). Threads whose passage is removed
 * or not found in the client's document are absent.
 */
export type AnchorLayout = ReadonlyMap<string, number>;
