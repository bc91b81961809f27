import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { quoteContext } from '../../../../shared/editor/quoteContext.ts';
import type { TextQuoteSelector } from '../comments/quoteSelector.ts';

/**
 * The insertion point at `pos` as a TextQuoteSelector with an empty `exact`: the text right
 * before and after it, flattened as the server flattens the document (see quoteSelector.ts).
 */
export function insertionSelector(doc: ProseMirrorNode, pos: number): TextQuoteSelector {
  const text = doc.textBetween(0, doc.content.size, '\n', '\n');
  const offset = doc.textBetween(0, pos, '\n', '\n').length;
  return { type: 'TextQuoteSelector', exact: '', ...quoteContext(text, offset, offset) };
}
