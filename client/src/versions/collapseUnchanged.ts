import type { BlockChange } from '../../../shared/diff/diffDocuments.ts';

/**
 * Unchanged blocks kept on each side of a change, so a reader sees where in the text the change
 * sits without scrolling through pages of text that did not change.
 * @default 1
 */
export const UNCHANGED_CONTEXT_BLOCKS = 1;

/**
 * Fewest unchanged blocks folded into one "Show n unchanged paragraphs" button. Folding a single
 * paragraph would replace it with a button as tall as the paragraph and cost a Tab stop.
 * @default 2
 */
export const MIN_COLLAPSED_BLOCKS = 2;

/** A piece of a comparison as the view draws it: one block, or a folded run of unchanged ones. */
export type DiffSegment =
  | { kind: 'block'; index: number }
  /** Blocks `start` to `end - 1`, all unchanged, shown as one button until expanded. */
  | { kind: 'collapsed'; start: number; end: number };

/**
 * Splits a comparison into blocks to show and runs of unchanged blocks to fold, keeping
 * `context` unchanged blocks next to every change. A run the reader has expanded (by its
 * `start`, listed in `expanded`) is shown in full.
 */
export function collapseUnchanged(
  blocks: readonly Pick<BlockChange, 'type'>[],
  expanded: ReadonlySet<number> = new Set(),
  context = UNCHANGED_CONTEXT_BLOCKS,
): DiffSegment[] {
  const segments: DiffSegment[] = [];
  let index = 0;
  while (index < blocks.length) {
    if (blocks[index]?.type !== 'unchanged') {
      segments.push({ kind: 'block', index });
      index += 1;
      continue;
    }
    let end = index;
    while (end < blocks.length && blocks[end]?.type === 'unchanged') end += 1;
    // Context only where there is a change to give context to.
    const keepBefore = index > 0 ? context : 0;
    const keepAfter = end < blocks.length ? context : 0;
    const foldStart = index + keepBefore;
    const foldEnd = end - keepAfter;
    const fold = foldEnd - foldStart >= MIN_COLLAPSED_BLOCKS && !expanded.has(foldStart);
    for (let block = index; block < end; block += 1) {
      if (fold && block === foldStart) {
        segments.push({ kind: 'collapsed', start: foldStart, end: foldEnd });
        block = foldEnd - 1;
        continue;
      }
      segments.push({ kind: 'block', index: block });
    }
    index = end;
  }
  return segments;
}
