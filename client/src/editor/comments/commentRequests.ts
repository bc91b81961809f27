import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { BLOCK_ID_ATTRIBUTE } from '../../../../shared/editor/blockTypes.ts';
import { numberBlocks, type BlockNumber } from '../../../../shared/editor/numbering.ts';
import type { CommentRequest } from '../../comments/commentRequest.ts';
import { quoteSelector, type QuoteFailure } from './quoteSelector.ts';

/** The numbered top-level block that holds `pos`, if any. */
export function blockAt(doc: ProseMirrorNode, pos: number): BlockNumber | null {
  for (const block of numberBlocks(doc)) {
    const node = doc.nodeAt(block.pos);
    if (node && pos >= block.pos && pos < block.pos + node.nodeSize) return block;
  }
  return null;
}

/** A request to comment on the passage `[from, to)`, or why that passage cannot be one. */
export function passageRequest(
  doc: ProseMirrorNode,
  from: number,
  to: number,
): CommentRequest | QuoteFailure {
  const selector = quoteSelector(doc, from, to);
  if (typeof selector === 'string') return selector;
  return {
    target: { selector },
    quote: selector.exact,
    label: blockAt(doc, from)?.label ?? '',
  };
}

/**
 * A request to comment on a whole numbered block. A paragraph or heading is targeted by its
 * block id (FragmentSelector). A list, quote or table has no id of its own (only its first item
 * has), so the whole of its text is quoted instead; that covers every item, not just the first.
 */
export function blockRequest(
  doc: ProseMirrorNode,
  block: Pick<BlockNumber, 'pos' | 'label'>,
): CommentRequest | QuoteFailure {
  const node = doc.nodeAt(block.pos);
  if (!node) return 'empty';
  const ownId: unknown = node.attrs[BLOCK_ID_ATTRIBUTE];
  if (typeof ownId === 'string' && ownId !== '') {
    return {
      target: { selector: { type: 'FragmentSelector', value: ownId } },
      quote: node.textBetween(0, node.content.size, '\n', '\n'),
      label: block.label,
    };
  }
  const request = passageRequest(doc, block.pos + 1, block.pos + node.nodeSize - 1);
  return typeof request === 'string' ? request : { ...request, label: block.label };
}
