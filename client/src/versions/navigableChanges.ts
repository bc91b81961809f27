import type { BlockChange, DocumentDiff } from '../../../shared/diff/diffDocuments.ts';

/** A block of a comparison that "Next change" stops at. */
export interface NavigableChange {
  /** Index of the block in `DocumentDiff.blocks`. */
  blockIndex: number;
  change: Exclude<BlockChange, { type: 'unchanged' }>;
}

/**
 * The blocks a reader steps through with "Next change" and "Previous change", in the order of
 * the new text: every block that was edited, reformatted, inserted, deleted or moved. Renamed
 * and moved sections need no stops of their own, since their headings are among these blocks.
 */
export function navigableChanges(diff: Pick<DocumentDiff, 'blocks'>): NavigableChange[] {
  const changes: NavigableChange[] = [];
  diff.blocks.forEach((change, blockIndex) => {
    if (change.type !== 'unchanged') changes.push({ blockIndex, change });
  });
  return changes;
}
