import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { BLOCK_ID_ATTRIBUTE } from '../../../shared/editor/blockTypes.ts';
import { numberBlocks } from '../../../shared/editor/numbering.ts';

/**
 * Maps every block id in the document to the number people use for it: "3.2" for a numbered
 * heading, "3.2 ¶4" for a paragraph. The numbers come from `numberBlocks`, the same function the
 * margin uses, so the report never disagrees with the screen.
 *
 * A whole list, quote or table is one numbered paragraph, but comments anchor to the blocks
 * inside it (a list item's paragraph, a table cell), so every id inside a top-level block gets
 * that block's number. The title (a level-1 heading) has no number and so no entry. If an id
 * occurs twice, the first occurrence wins, as it does for anchors (`flattenText`).
 */
export function paragraphLabels(doc: ProseMirrorNode): Map<string, string> {
  const byPosition = new Map(numberBlocks(doc).map((block) => [block.pos, block.label]));
  const labels = new Map<string, string>();
  const add = (node: ProseMirrorNode, label: string): void => {
    const id: unknown = node.attrs[BLOCK_ID_ATTRIBUTE];
    if (typeof id === 'string' && id !== '' && !labels.has(id)) labels.set(id, label);
  };
  doc.forEach((block, offset) => {
    const label = byPosition.get(offset);
    if (label === undefined) return;
    add(block, label);
    block.descendants((node) => {
      add(node, label);
      return true;
    });
  });
  return labels;
}
