import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { z } from 'zod';
import type { textQuoteSelectorSchema } from '../../../../shared/api/comments.ts';
import { quoteContext } from '../../../../shared/editor/quoteContext.ts';
import { MAX_QUOTE_LENGTH } from '../../../../shared/limits.ts';

/** A W3C TextQuoteSelector as the API takes it. */
export type TextQuoteSelector = z.infer<typeof textQuoteSelectorSchema>;

/**
 * Separators of the flat text, exactly as the server's `flattenText` reads the document: one
 * "\n" between textblocks and "\n" for a hard break. A different flattening would give a prefix
 * and suffix that the server cannot find.
 */
const BLOCK_SEPARATOR = '\n';
const LEAF_TEXT = '\n';

/** Why a selection cannot be commented on as a passage. */
export type QuoteFailure = 'empty' | 'too-long';

/**
 * The TextQuoteSelector of the document range `[from, to)`: its text in the server's flattening,
 * with up to QUOTE_CONTEXT_LENGTH (shared/editor/quoteContext.ts) characters of context on each side. Line breaks at the
 * edges are left out, as the server leaves them out, and a context that would cut an emoji in
 * half drops the lone half, as the server's does.
 */
export function quoteSelector(
  doc: ProseMirrorNode,
  from: number,
  to: number,
): TextQuoteSelector | QuoteFailure {
  const text = doc.textBetween(0, doc.content.size, BLOCK_SEPARATOR, LEAF_TEXT);
  // The text before a position is a prefix of the whole text, so its length is the position's
  // offset. (Measuring the selection on its own would miss the line break before its first
  // block when it starts at the edge of a list or quote.)
  let start = doc.textBetween(0, from, BLOCK_SEPARATOR, LEAF_TEXT).length;
  let end = doc.textBetween(0, to, BLOCK_SEPARATOR, LEAF_TEXT).length;
  while (start < end && text[start] === '\n') start += 1;
  while (end > start && text[end - 1] === '\n') end -= 1;
  if (start >= end) return 'empty';
  if (end - start > MAX_QUOTE_LENGTH) return 'too-long';

  return {
    type: 'TextQuoteSelector',
    exact: text.slice(start, end),
    ...quoteContext(text, start, end),
  };
}
