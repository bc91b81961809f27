import type { EditorView } from '@tiptap/pm/view';
import { numberBlocks } from '../../../../shared/editor/numbering.ts';
import type { AnchorLayout } from '../../comments/commentRequest.ts';
import { commentHighlightKey } from './CommentHighlightExtension.ts';
import type { AnchorRange } from './resolveAnchors.ts';

/** One numbered block as the margin draws it. */
export interface MarginBlock {
  /** Position of the block in the document. */
  pos: number;
  /** Its number, such as "3.2 ¶4". */
  label: string;
  /** Top and height in pixels, relative to the frame around the text. */
  top: number;
  height: number;
  /** How many drawn threads start in this block. */
  count: number;
}

/** Where passages and numbered blocks are on screen, relative to the frame around the text. */
export interface EditorLayout {
  anchors: AnchorLayout;
  blocks: MarginBlock[];
}

/**
 * Measures the layout from the editor's DOM: the top of each highlighted passage (for lining
 * threads up with their text) and the box of each numbered block (for the margin), with the
 * number of threads on each block.
 */
export function measureLayout(view: EditorView, frame: HTMLElement): EditorLayout {
  const origin = frame.getBoundingClientRect().top;
  const { doc } = view.state;
  const ranges: ReadonlyMap<string, AnchorRange> =
    commentHighlightKey.getState(view.state)?.ranges ?? new Map<string, AnchorRange>();

  const anchors = new Map<string, number>();
  for (const [threadId, range] of ranges) {
    try {
      anchors.set(threadId, Math.round(view.coordsAtPos(range.from, 1).top - origin));
    } catch {
      // A position the view cannot measure (mid-update); the next measurement has it.
    }
  }

  const blocks: MarginBlock[] = [];
  for (const entry of numberBlocks(doc)) {
    const node = doc.nodeAt(entry.pos);
    const dom = view.nodeDOM(entry.pos);
    if (!node || !(dom instanceof HTMLElement)) continue;
    const box = dom.getBoundingClientRect();
    const end = entry.pos + node.nodeSize;
    let count = 0;
    for (const range of ranges.values())
      if (range.from >= entry.pos && range.from < end) count += 1;
    blocks.push({
      pos: entry.pos,
      label: entry.label,
      top: Math.round(box.top - origin),
      height: Math.round(box.height),
      count,
    });
  }
  return { anchors, blocks };
}

/** Whether two layouts would draw the same, so React need not render again. */
export function sameLayout(a: EditorLayout, b: EditorLayout): boolean {
  if (a.anchors.size !== b.anchors.size || a.blocks.length !== b.blocks.length) return false;
  for (const [id, top] of a.anchors) if (b.anchors.get(id) !== top) return false;
  return a.blocks.every((block, index) => {
    const other = b.blocks[index];
    return (
      other !== undefined &&
      other.pos === block.pos &&
      other.label === block.label &&
      other.top === block.top &&
      other.height === block.height &&
      other.count === block.count
    );
  });
}
