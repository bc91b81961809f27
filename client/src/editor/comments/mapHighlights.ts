import type { Transaction } from '@tiptap/pm/state';
import { Decoration, type DecorationSet } from '@tiptap/pm/view';
import type { AnchorRange } from './resolveAnchors.ts';

/**
 * The highlight of one thread's passage. The active thread is not marked here but by a style rule on its
 * `data-thread-id` (see activeHighlightStyle.ts): changing a decoration redraws the text, and
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
 * The highlights after a local edit, without building all of them again: every decoration is
 * mapped through the edit, which costs O(log threads + changed) where a rebuild costs O(threads)
 * per keystroke. The decorations' inclusive edges are those {@link mapRanges} maps with, so the
 * result draws exactly what a rebuild from the mapped ranges would (mapHighlights.test.ts).
 */
export function mapHighlights(tr: Transaction, previous: DecorationSet): DecorationSet {
  return previous.map(tr.mapping, tr.doc);
}
