import type { JSONContent } from '@tiptap/core';
import { diffDocuments } from '../../shared/diff/diffDocuments.ts';
import type { VersionSummaryRecord } from '../storage/types.ts';

/** The text a document's first version is compared with: nothing. */
const EMPTY_DOCUMENT: JSONContent = { type: 'doc', content: [] };

/**
 * The version list's summary of a change, from shared/diff: words added and removed, and every
 * paragraph touched in any way (edited, reformatted, inserted, deleted or moved), since a reader
 * of the list wants to know how much of the text to re-read. `before` null means there was no
 * earlier version, so everything counts as added.
 */
export function summariseChange(
  before: JSONContent | null,
  after: JSONContent,
): VersionSummaryRecord {
  const { summary } = diffDocuments(before ?? EMPTY_DOCUMENT, after);
  return {
    wordsAdded: summary.wordsAdded,
    wordsRemoved: summary.wordsRemoved,
    paragraphsChanged:
      summary.paragraphsChanged +
      summary.paragraphsReformatted +
      summary.paragraphsInserted +
      summary.paragraphsDeleted +
      summary.paragraphsMoved,
  };
}
