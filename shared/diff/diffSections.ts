import type { DocumentBlock } from './documentBlocks.ts';
import { diffWords, type DiffOp } from './diffWords.ts';
import type { BlockMatching } from './matchBlocks.ts';

/** A section on one side of a comparison: a top-level heading and the blocks under it. */
export interface SectionSide {
  /** Block index of the heading. */
  index: number;
  /** The heading's number ("3.2"), or null for the title. */
  label: string | null;
  level: number;
  title: string;
  /** Blocks in the section, the heading and its subsections included. */
  blockCount: number;
}

/**
 * A change to a whole section. A section is renamed when its heading's text changed; it moved
 * when its heading and most of its content moved together, so a reader sees "section 4 moved
 * before section 2" rather than a dozen moved paragraphs.
 */
export type SectionChange =
  | { type: 'renamed'; before: SectionSide; after: SectionSide; ops: DiffOp[] }
  | { type: 'moved'; before: SectionSide; after: SectionSide; from: number; to: number };

/**
 * Finds renamed and moved sections, given the block pairing of the two versions. Sections nested
 * in a moved section are not reported again. Changes are in the order of the new document.
 */
export function diffSections(
  oldBlocks: readonly DocumentBlock[],
  newBlocks: readonly DocumentBlock[],
  matching: BlockMatching,
): SectionChange[] {
  const oldEnds = sectionEnds(oldBlocks);
  const newEnds = sectionEnds(newBlocks);
  const changes: SectionChange[] = [];
  let movedUntil = -1;

  for (const pair of matching.pairs) {
    const before = oldBlocks[pair.oldIndex];
    const after = newBlocks[pair.newIndex];
    const oldEnd = oldEnds.get(pair.oldIndex);
    const newEnd = newEnds.get(pair.newIndex);
    if (before === undefined || after === undefined) continue;
    if (oldEnd === undefined || newEnd === undefined) continue;
    const beforeSide = side(before, oldEnd);
    const afterSide = side(after, newEnd);

    if (before.text !== after.text) {
      const { ops } = diffWords(before.text, after.text);
      changes.push({ type: 'renamed', before: beforeSide, after: afterSide, ops });
    }
    if (!pair.stable && pair.oldIndex >= movedUntil) {
      let matched = 0;
      let together = 0;
      for (let i = pair.oldIndex + 1; i < oldEnd; i += 1) {
        const j = matching.newOf[i] ?? -1;
        if (j === -1) continue;
        matched += 1;
        if (j > pair.newIndex && j < newEnd) together += 1;
      }
      if (together * 2 >= matched) {
        changes.push({
          type: 'moved',
          before: beforeSide,
          after: afterSide,
          from: pair.oldIndex,
          to: pair.newIndex,
        });
        movedUntil = oldEnd;
      }
    }
  }
  return changes.sort((x, y) => x.after.index - y.after.index);
}

function side(heading: DocumentBlock, end: number): SectionSide {
  return {
    index: heading.index,
    label: heading.label,
    level: heading.level ?? 1,
    title: heading.text,
    blockCount: end - heading.index,
  };
}

/**
 * For each top-level heading, the index just past its section: the next top-level heading of the
 * same or a higher rank, or the end of the document.
 */
function sectionEnds(blocks: readonly DocumentBlock[]): Map<number, number> {
  const ends = new Map<number, number>();
  const open: DocumentBlock[] = [];
  for (const block of blocks) {
    if (block.kind !== 'heading' || block.ancestors.length > 0) continue;
    const level = block.level ?? 1;
    while ((open.at(-1)?.level ?? 0) >= level) {
      const closed = open.pop();
      if (closed) ends.set(closed.index, block.index);
    }
    open.push(block);
  }
  for (const heading of open) ends.set(heading.index, blocks.length);
  return ends;
}
