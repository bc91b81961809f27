import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { BLOCK_ID_ATTRIBUTE } from './blockTypes.ts';

/** The number of one top-level block, as shown in the margin and in exports. */
export interface BlockNumber {
  /** Position of the block in the document (before its opening token). */
  pos: number;
  /** The block's stable id, or null while it has none yet. */
  blockId: string | null;
  /** `section` for a numbered heading, `paragraph` for any other top-level block. */
  kind: 'section' | 'paragraph';
  /** Section number of the block: "3.2" for a heading, the enclosing section for a paragraph. */
  section: string;
  /** Paragraph number within its section, for paragraphs; null for headings. */
  paragraph: number | null;
  /** What people say and see: "3.2" for a heading, "3.2 ¶4" for a paragraph, "¶2" before any. */
  label: string;
}

/**
 * Numbers a document the way the network discusses it. Headings of level 2 and deeper are
 * numbered hierarchically (level 2 is "3", level 3 is "3.2"); a level-1 heading is the title and
 * stays unnumbered. Every other top-level block — a paragraph, a whole list, a quote, a table —
 * is one numbered paragraph, counted from 1 again after each heading, so "3.2 ¶4" keeps its
 * meaning when text is added in another section.
 */
export function numberBlocks(doc: ProseMirrorNode): BlockNumber[] {
  const result: BlockNumber[] = [];
  const counters: number[] = [];
  let section = '';
  let paragraph = 0;

  doc.forEach((node, offset) => {
    const blockId = readBlockId(node);
    if (node.type.name === 'heading') {
      const level = Number(node.attrs['level'] ?? 1);
      paragraph = 0;
      if (level <= 1) {
        counters.length = 0;
        section = '';
        return;
      }
      const depth = level - 1;
      while (counters.length < depth) counters.push(0);
      counters.length = depth;
      counters[depth - 1] = (counters[depth - 1] ?? 0) + 1;
      section = counters.join('.');
      result.push({
        pos: offset,
        blockId,
        kind: 'section',
        section,
        paragraph: null,
        label: section,
      });
      return;
    }
    paragraph += 1;
    const label = section === '' ? `¶${paragraph}` : `${section} ¶${paragraph}`;
    result.push({ pos: offset, blockId, kind: 'paragraph', section, paragraph, label });
  });

  return result;
}

function readBlockId(node: ProseMirrorNode): string | null {
  const direct: unknown = node.attrs[BLOCK_ID_ATTRIBUTE];
  if (typeof direct === 'string') return direct;
  // Lists, quotes and tables carry no id themselves; their first block does.
  const first = node.firstChild;
  return first ? readBlockId(first) : null;
}
