import type { JSONContent } from '@tiptap/core';
import { numberBlocks } from '../../shared/editor/numbering.ts';
import { parseContent } from '../editor/schema.ts';

/**
 * The number of each top-level block of an exported text, by its index in `content.content`:
 * "3.2" for a numbered heading, "3.2 ¶4" for any other block, null for the unnumbered title.
 * Read with `numberBlocks`, the function the margin uses, so an export's numbers are the app's
 * even for a block that has no id yet (which `ExportDocument.labels` cannot name).
 */
export function topLevelLabels(content: JSONContent): (string | null)[] {
  const doc = parseContent(content);
  const byPosition = new Map(numberBlocks(doc).map((block) => [block.pos, block.label]));
  const labels: (string | null)[] = [];
  doc.forEach((_node, offset) => {
    labels.push(byPosition.get(offset) ?? null);
  });
  return labels;
}
