import type { JSONContent } from '@tiptap/core';
import { parseDocument } from '../diff/parseDocument.ts';
import { numberBlocks } from '../editor/numbering.ts';

/**
 * Paragraph numbers of a text's top-level blocks, by the id `numberBlocks` reads for each ("3.2",
 * "3.2 ¶4"): what `buildSlides` needs where the server's `paragraphLabels` is not at hand (the
 * app). Same numbering function, so the slides agree with the margin.
 */
export function blockLabels(content: JSONContent): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const block of numberBlocks(parseDocument(content))) {
    if (block.blockId !== null && !(block.blockId in labels)) labels[block.blockId] = block.label;
  }
  return labels;
}
