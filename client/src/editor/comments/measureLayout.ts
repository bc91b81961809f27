import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { EditorView } from '@tiptap/pm/view';
import { numberBlocks } from '../../../../shared/editor/numbering.ts';
import type { AnchorLayout } from '../../comments/commentRequest.ts';
import { commentHighlightKey } from './CommentHighlightExtension.ts';
import type { AnchorRange } from './resolveAnchors.ts';

/**
 * One numbered block as the margin draws it. Its document position is not part of it: every
 * keystroke moves the position of every later block, and the margin would then render all of
 * them again for nothing (see {@link MeasuredLayout}).
 */
export interface MarginBlock {
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
 * A layout with the document position of each margin entry's block, index for index. The
 * positions are for acting on a click and are kept apart from what is drawn, so that a layout
 * that only moved positions compares equal ({@link sameLayout}) and renders nothing.
 */
export interface MeasuredLayout extends EditorLayout {
  positions: number[];
}

/** Where one passage starts inside its top-level block, as last measured. */
interface PlacedAnchor {
  /** The block's node and element when measured; a changed block is measured again. */
  block: ProseMirrorNode;
  dom: Element;
  /** The passage's start, counted from the block's position. */
  offset: number;
  /** Pixels from the block's top to the passage's line. */
  top: number;
}

/**
 * What {@link measureLayout} remembers between measurements, so that typing in one paragraph
 * measures the passages of that paragraph only. A passage's place inside its block depends on
 * nothing but the block's content, its decorations and the width, so passages in blocks that are
 * the same node in the same element are placed from the block's top. Call `forget` when
 * decorations or fonts change; a change of width is noticed here.
 */
export interface LayoutMemory {
  width: number;
  anchors: Map<string, PlacedAnchor>;
  /** The top-level blocks as last measured, index for index; null when not known. */
  blocks: MeasuredBlocks | null;
  forget(): void;
}

/** The top-level blocks' nodes, elements and boxes (relative to the frame) when last measured. */
export interface MeasuredBlocks {
  nodes: ProseMirrorNode[];
  elements: Element[];
  boxes: BlockBox[];
}

/** A block's top and height in pixels, the top relative to the frame around the text. */
export interface BlockBox {
  top: number;
  height: number;
}

/** A fresh {@link LayoutMemory}. */
export function createLayoutMemory(): LayoutMemory {
  const memory: LayoutMemory = {
    width: -1,
    anchors: new Map(),
    blocks: null,
    forget: () => {
      memory.anchors.clear();
      memory.blocks = null;
    },
  };
  return memory;
}

/**
 * Which blocks an edit changed: the blocks before `start` and from `end` on are the same nodes in
 * the same elements as before (`end - start` blocks in between are new or changed), and block
 * `index >= end` was block `index + shift` before. Comparing node identity is enough: ProseMirror
 * keeps every untouched block the same node.
 */
export function changedBlockSpan(
  before: { nodes: readonly unknown[]; elements: readonly unknown[] },
  after: { nodes: readonly unknown[]; elements: readonly unknown[] },
): { start: number; end: number; shift: number } {
  const count = after.nodes.length;
  const known = before.nodes.length;
  const same = (index: number, old: number) =>
    after.nodes[index] === before.nodes[old] && after.elements[index] === before.elements[old];
  let start = 0;
  while (start < count && start < known && same(start, start)) start += 1;
  let end = count;
  while (end > start && end - count + known > start && same(end - 1, end - 1 - count + known)) {
    end -= 1;
  }
  return { start, end, shift: known - count };
}

/** The index of the last top-level block that starts at or before `pos`. */
function blockIndexAt(starts: readonly number[], pos: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? 0) <= pos) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * The element of every top-level block, in order, when the editor's element holds exactly one
 * per block (no widget between them); null otherwise. `view.nodeDOM` walks the blocks from the
 * first for every call, which is quadratic over a long document.
 */
function topLevelElements(view: EditorView, starts: readonly number[]): Element[] | null {
  const children = [...view.dom.children];
  if (children.length !== starts.length || children.length === 0) return null;
  const first = view.nodeDOM(starts[0] ?? 0);
  const last = view.nodeDOM(starts[starts.length - 1] ?? 0);
  return children[0] === first && children[children.length - 1] === last ? children : null;
}

/** How far a predicted box may be from the measured one: sub-pixel layout. */
const SAME_BOX_PX = 0.5;

/**
 * Fills `boxes` with the blocks' boxes that need no reading: those before the changed blocks
 * are where they were, and those after them moved by as much as the first of them did. Reading
 * every block's box cost 2,000 `getBoundingClientRect` calls per key on a long draft (W6); this
 * reads the changed blocks, the first one after them, and the first and last blocks, which check
 * the prediction: a block whose height changed without its node changing (a font, an image, a
 * style) moves the last block, and then every block is read again.
 */
function reuseBlockBoxes(
  memory: LayoutMemory,
  nodes: ProseMirrorNode[],
  elements: Element[],
  boxes: Map<number, BlockBox | null>,
  read: (index: number) => BlockBox | null,
): void {
  const previous = memory.blocks;
  const measured = (): void => {
    const all: BlockBox[] = [];
    for (let index = 0; index < nodes.length; index += 1) {
      let box = boxes.get(index);
      if (box === undefined) {
        box = read(index);
        boxes.set(index, box);
      }
      if (!box) {
        memory.blocks = null;
        return;
      }
      all.push(box);
    }
    memory.blocks = { nodes, elements, boxes: all };
  };
  if (!previous) {
    measured();
    return;
  }
  const { start, end, shift } = changedBlockSpan(previous, { nodes, elements });
  const predicted: BlockBox[] = [];
  for (let index = 0; index < start; index += 1) {
    const box = previous.boxes[index];
    if (!box) return measured();
    predicted.push(box);
  }
  for (let index = start; index < end; index += 1) {
    const box = read(index);
    if (!box) return measured();
    predicted.push(box);
  }
  if (end < nodes.length) {
    const first = read(end);
    const old = previous.boxes[end + shift];
    if (!first || !old) return measured();
    const moved = first.top - old.top;
    for (let index = end; index < nodes.length; index += 1) {
      const box = previous.boxes[index + shift];
      if (!box) return measured();
      predicted.push({ top: box.top + moved, height: box.height });
    }
  }
  // The first and the last block check the prediction (read again: cheap once laid out).
  for (const index of [0, nodes.length - 1]) {
    const actual = read(index);
    const guess = predicted[index];
    if (
      !actual ||
      !guess ||
      Math.abs(actual.top - guess.top) > SAME_BOX_PX ||
      Math.abs(actual.height - guess.height) > SAME_BOX_PX
    ) {
      boxes.clear();
      return measured();
    }
  }
  predicted.forEach((box, index) => boxes.set(index, box));
  memory.blocks = { nodes, elements, boxes: predicted };
}

/**
 * Measures the layout from the editor's DOM: the top of each highlighted passage (for lining
 * threads up with their text) and the box of each numbered block (for the margin), with the
 * number of threads on each block. Reads only: it forces at most one layout, and with `memory`
 * it measures again only the passages whose block changed since the last call, and reads the
 * boxes of the changed blocks only (see reuseBlockBoxes).
 */
export function measureLayout(
  view: EditorView,
  frame: HTMLElement,
  memory: LayoutMemory = createLayoutMemory(),
): MeasuredLayout {
  const frameBox = frame.getBoundingClientRect();
  const origin = frameBox.top;
  if (frameBox.width !== memory.width) {
    memory.forget();
    memory.width = frameBox.width;
  }
  const { doc } = view.state;
  const ranges: ReadonlyMap<string, AnchorRange> =
    commentHighlightKey.getState(view.state)?.ranges ?? new Map<string, AnchorRange>();

  const starts: number[] = [];
  const nodes: ProseMirrorNode[] = [];
  doc.forEach((node, offset) => {
    starts.push(offset);
    nodes.push(node);
  });
  const elements = topLevelElements(view, starts);
  const domOf = (index: number): Node | null =>
    elements ? (elements[index] ?? null) : view.nodeDOM(starts[index] ?? -1);
  const boxes = new Map<number, BlockBox | null>();
  const read = (index: number): BlockBox | null => {
    const dom = domOf(index);
    if (!(dom instanceof HTMLElement)) return null;
    const rect = dom.getBoundingClientRect();
    return { top: rect.top - origin, height: rect.height };
  };
  const boxOf = (index: number): BlockBox | null => {
    let box = boxes.get(index);
    if (box === undefined) {
      box = read(index);
      boxes.set(index, box);
    }
    return box;
  };
  if (elements) reuseBlockBoxes(memory, nodes, elements, boxes, read);
  else memory.blocks = null;

  const anchors = new Map<string, number>();
  const counts = new Map<number, number>();
  for (const [threadId, range] of ranges) {
    const index = blockIndexAt(starts, range.from);
    counts.set(index, (counts.get(index) ?? 0) + 1);
    const block = nodes[index];
    const start = starts[index] ?? 0;
    const dom = domOf(index);
    const box = boxOf(index);
    const known = memory.anchors.get(threadId);
    if (
      known &&
      box &&
      known.block === block &&
      known.dom === dom &&
      known.offset === range.from - start
    ) {
      anchors.set(threadId, Math.round(box.top + known.top));
      continue;
    }
    try {
      const top = view.coordsAtPos(range.from, 1).top;
      anchors.set(threadId, Math.round(top - origin));
      if (block && dom instanceof Element && box) {
        memory.anchors.set(threadId, {
          block,
          dom,
          offset: range.from - start,
          top: top - origin - box.top,
        });
      }
    } catch {
      // A position the view cannot measure (mid-update); the next measurement has it.
      memory.anchors.delete(threadId);
    }
  }
  if (memory.anchors.size > ranges.size) {
    for (const threadId of memory.anchors.keys()) {
      if (!ranges.has(threadId)) memory.anchors.delete(threadId);
    }
  }

  const indexOf = new Map(starts.map((start, index) => [start, index]));
  const blocks: MarginBlock[] = [];
  const positions: number[] = [];
  for (const entry of numberBlocks(doc)) {
    const index = indexOf.get(entry.pos);
    const box = index === undefined ? null : boxOf(index);
    if (index === undefined || !box) continue;
    positions.push(entry.pos);
    blocks.push({
      label: entry.label,
      top: Math.round(box.top),
      height: Math.round(box.height),
      count: counts.get(index) ?? 0,
    });
  }
  return { anchors, blocks, positions };
}

/** Whether two anchor layouts place every passage at the same height. */
export function sameAnchors(a: AnchorLayout, b: AnchorLayout): boolean {
  if (a.size !== b.size) return false;
  for (const [id, top] of a) if (b.get(id) !== top) return false;
  return true;
}

/**
 * Whether two layouts would draw the same, so React need not render again. Document positions
 * are not compared: they are not drawn.
 */
export function sameLayout(a: EditorLayout, b: EditorLayout): boolean {
  if (!sameAnchors(a.anchors, b.anchors) || a.blocks.length !== b.blocks.length) return false;
  return a.blocks.every((block, index) => {
    const other = b.blocks[index];
    return (
      other !== undefined &&
      other.label === block.label &&
      other.top === block.top &&
      other.height === block.height &&
      other.count === block.count
    );
  });
}
