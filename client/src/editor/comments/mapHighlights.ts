import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { BLOCK_ID_ATTRIBUTE } from '../../../../shared/editor/blockTypes.ts';
import type { AnchorRange } from './resolveAnchors.ts';

/** The spec of a whole block's highlight: every block thread on that block. */
export interface BlockHighlightSpec {
  kind: 'block';
  threadIds: readonly string[];
  /** The block's id (UniqueID), by which a style rule highlights it; null if it has none. */
  blockId: string | null;
}

/**
 * Every highlight, in two sets. `drawn` is what ProseMirror draws: passages as marks, and the
 * blocks that have no id as node decorations. `styled` holds the highlights of blocks that have
 * an id; ProseMirror never sees them, and a style rule on each id draws them instead
 * (highlightSheets.ts), with `blocks` saying which threads each of those blocks has.
 *
 * Why not node decorations for every block: ProseMirror keeps a top-level block's node
 * decoration in the root of its decoration tree, and on each update it scans the root's
 * decorations once for every top-level block (`DecorationSet.forChild`), so 2,000 highlighted
 * paragraphs cost 4 million steps per key (W6: about 17 ms of a key's 74 ms at p50).
 */
export interface Highlights {
  drawn: DecorationSet;
  styled: DecorationSet;
  /** Block id → its threads, for `styled`; the same object for as long as neither changes. */
  blocks: ReadonlyMap<string, readonly string[]>;
}

/**
 * The highlight of one thread's passage. The active thread is not marked here but by a style rule on its
 * `data-thread-id` (see highlightSheets.ts): changing a decoration redraws the text, and
 * doing that while a click is placing the caret makes ProseMirror put the caret back where it
 * was before the click.
 */
export function highlightDecoration(threadId: string, range: AnchorRange): Decoration {
  return Decoration.inline(
    range.from,
    range.to,
    {
      // <mark> tells screen readers that the text is highlighted, not only sighted users.
      nodeName: 'mark',
      class: 'comment-highlight',
      'data-thread-id': threadId,
    },
    // Text typed right at the edges of a passage stays out of it, as the stored anchor
    // keeps it out; a whole block takes in whatever is typed into it.
    { inclusiveStart: range.kind === 'block', inclusiveEnd: range.kind === 'block', threadId },
  );
}

/**
 * Where each passage is after a local edit. A local edit reaches Yjs only after the transaction
 * is applied, so the relative positions cannot be resolved yet; the edit is followed through the
 * transaction's own mapping instead, as y-tiptap does for carets. Text typed at a passage's edges
 * stays out of it; a whole block takes it in. Passages whose text was all deleted are dropped.
 */
export function mapRanges(
  tr: Transaction,
  previous: ReadonlyMap<string, AnchorRange>,
): Map<string, AnchorRange> {
  const ranges = new Map<string, AnchorRange>();
  for (const [threadId, range] of previous) {
    const inside = range.kind === 'passage' ? 1 : -1;
    const from = tr.mapping.map(range.from, inside);
    const to = tr.mapping.map(range.to, -inside);
    if (from < to) ranges.set(threadId, { from, to, kind: range.kind });
  }
  return ranges;
}

/**
 * The highlights of whole-block threads within `[from, to]`: one node decoration on each
 * textblock that a block thread's range reaches into, naming all of that block's threads. A node
 * decoration sets a class and an attribute on the block's own element; an inline `<mark>` over
 * the block's text instead grew with every key typed into the block, and ProseMirror then drew
 * the mark, and the text node holding the caret, again at each key (W6). Several node
 * decorations on one element would overwrite each other's attributes, hence one per block.
 */
export function blockHighlights(
  doc: ProseMirrorNode,
  ranges: ReadonlyMap<string, AnchorRange>,
  from = 0,
  to = doc.content.size,
): Decoration[] {
  const threadsAt = new Map<number, { node: ProseMirrorNode; threadIds: string[] }>();
  for (const [threadId, range] of ranges) {
    if (range.kind !== 'block' || range.to <= from || range.from >= to) continue;
    doc.nodesBetween(Math.max(range.from, from), Math.min(range.to, to), (node, pos) => {
      if (!node.isTextblock) return true;
      // A textblock the range only touches at an edge holds none of its text.
      if (pos + 1 < range.to && pos + node.nodeSize - 1 > range.from) {
        const known = threadsAt.get(pos);
        if (known) known.threadIds.push(threadId);
        else threadsAt.set(pos, { node, threadIds: [threadId] });
      }
      return false;
    });
  }
  const decorations: Decoration[] = [];
  for (const [pos, { node, threadIds }] of threadsAt) {
    const id: unknown = node.attrs[BLOCK_ID_ATTRIBUTE];
    const blockId = typeof id === 'string' && id !== '' ? id : null;
    const spec: BlockHighlightSpec = { kind: 'block', threadIds, blockId };
    decorations.push(
      Decoration.node(
        pos,
        pos + node.nodeSize,
        {
          class: 'comment-highlight-block',
          'data-thread-ids': threadIds.join(' '),
        },
        spec,
      ),
    );
  }
  return decorations;
}

/** Every highlight of `ranges`: passages as inline marks, whole blocks on the blocks. */
export function highlightDecorations(
  doc: ProseMirrorNode,
  ranges: ReadonlyMap<string, AnchorRange>,
  /** The blocks of the highlights these replace, kept if the new ones name the same. */
  previousBlocks: ReadonlyMap<string, readonly string[]> = new Map(),
): Highlights {
  const { drawn, styled } = byBlockId(blockHighlights(doc, ranges));
  for (const [threadId, range] of ranges) {
    if (range.kind === 'passage') drawn.push(highlightDecoration(threadId, range));
  }
  const blocks = blocksOf(styled);
  return {
    drawn: DecorationSet.create(doc, drawn),
    styled: DecorationSet.create(doc, styled),
    blocks: sameBlocks(blocks, previousBlocks) ? previousBlocks : blocks,
  };
}

/** Splits block highlights into those drawn as decorations and those styled by id. */
function byBlockId(decorations: readonly Decoration[]): {
  drawn: Decoration[];
  styled: Decoration[];
} {
  const drawn: Decoration[] = [];
  const styled: Decoration[] = [];
  for (const decoration of decorations) {
    const spec: unknown = decoration.spec;
    (isBlockHighlight(spec) && spec.blockId !== null ? styled : drawn).push(decoration);
  }
  return { drawn, styled };
}

/** Block id → threads, from `styled` highlights. Two blocks with one id share their threads. */
function blocksOf(styled: readonly Decoration[]): Map<string, readonly string[]> {
  const blocks = new Map<string, readonly string[]>();
  for (const decoration of styled) {
    const spec: unknown = decoration.spec;
    if (!isBlockHighlight(spec) || spec.blockId === null) continue;
    const known = blocks.get(spec.blockId);
    blocks.set(spec.blockId, known ? [...new Set([...known, ...spec.threadIds])] : spec.threadIds);
  }
  return blocks;
}

function sameBlocks(
  a: ReadonlyMap<string, readonly string[]>,
  b: ReadonlyMap<string, readonly string[]>,
): boolean {
  if (a.size !== b.size) return false;
  for (const [blockId, threadIds] of a) {
    const other = b.get(blockId);
    if (!other || other.length !== threadIds.length) return false;
    if (threadIds.some((threadId, index) => other[index] !== threadId)) return false;
  }
  return true;
}

function isBlockHighlight(spec: unknown): spec is BlockHighlightSpec {
  return typeof spec === 'object' && spec !== null && 'kind' in spec && spec.kind === 'block';
}

/** The part of the new document that `tr` changed, widened to whole top-level blocks. */
function changedBlocks(tr: Transaction): { from: number; to: number } | null {
  let from = Infinity;
  let to = -Infinity;
  const { maps } = tr.mapping;
  maps.forEach((map, index) => {
    const later = tr.mapping.slice(index + 1);
    map.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
      from = Math.min(from, later.map(newStart, -1));
      to = Math.max(to, later.map(newEnd, 1));
    });
  });
  if (from > to) return null;
  const size = tr.doc.content.size;
  const $from = tr.doc.resolve(Math.max(0, Math.min(from, size)));
  const $to = tr.doc.resolve(Math.max(0, Math.min(to, size)));
  return {
    from: $from.depth > 0 ? $from.before(1) : $from.pos,
    to: $to.depth > 0 ? $to.after(1) : $to.pos,
  };
}

function sameBlockHighlights(a: readonly Decoration[], b: readonly Decoration[]): boolean {
  if (a.length !== b.length) return false;
  const key = (decoration: Decoration) => {
    const spec: unknown = decoration.spec;
    const ids = isBlockHighlight(spec) ? `${spec.threadIds.join(' ')}#${spec.blockId ?? ''}` : '';
    return `${decoration.from}-${decoration.to}-${ids}`;
  };
  const keys = new Set(a.map(key));
  return b.every((decoration) => keys.has(key(decoration)));
}

/**
 * The highlights after a local edit, without building all of them again: every decoration is
 * mapped through the edit, which costs O(log threads + changed) where a rebuild costs O(threads)
 * per keystroke. The passages' inclusive edges are those {@link mapRanges} maps with; the
 * blocks' highlights in the top-level blocks the edit touched are drawn again from `ranges` (the
 * mapped ranges), since a split or joined block changes which elements carry them, and a new
 * block gets a new id. The result draws exactly what a rebuild from the mapped ranges would
 * (mapHighlights.test.ts). Typing inside a block leaves its highlight the same decoration, so
 * nothing is redrawn, and `blocks` the same object, so no style rule is written.
 */
export function mapHighlights(
  tr: Transaction,
  previous: Highlights,
  ranges: ReadonlyMap<string, AnchorRange>,
): Highlights {
  const drawn = previous.drawn.map(tr.mapping, tr.doc);
  const styled = previous.styled.map(tr.mapping, tr.doc);
  const changed = changedBlocks(tr);
  if (!changed) return { drawn, styled, blocks: previous.blocks };
  const inChanged = (decoration: Decoration) =>
    // find() also returns decorations that end where the range starts, or start where it ends.
    decoration.from >= changed.from && decoration.to <= changed.to;
  const staleDrawn = drawn.find(changed.from, changed.to, isBlockHighlight).filter(inChanged);
  const staleStyled = styled.find(changed.from, changed.to, isBlockHighlight).filter(inChanged);
  const fresh = byBlockId(blockHighlights(tr.doc, ranges, changed.from, changed.to));
  const next: Highlights = { drawn, styled, blocks: previous.blocks };
  if (!sameBlockHighlights(staleDrawn, fresh.drawn)) {
    next.drawn = drawn.remove(staleDrawn).add(tr.doc, fresh.drawn);
  }
  if (!sameBlockHighlights(staleStyled, fresh.styled)) {
    next.styled = styled.remove(staleStyled).add(tr.doc, fresh.styled);
    const blocks = blocksOf(next.styled.find());
    if (!sameBlocks(blocks, previous.blocks)) next.blocks = blocks;
  }
  return next;
}
