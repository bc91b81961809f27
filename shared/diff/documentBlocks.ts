import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { BLOCK_ID_ATTRIBUTE } from '../editor/blockTypes.ts';
import { numberBlocks } from '../editor/numbering.ts';

/**
 * What a block is to a reader. A paragraph inside a list item or table cell takes the kind of its
 * container, because that is what people call it ("the third bullet", "the cell").
 */
export type BlockKind = 'heading' | 'paragraph' | 'listItem' | 'tableCell' | 'tableHeader';

/** One unit of text the diff compares: a paragraph or heading, wherever it sits. */
export interface DocumentBlock {
  /** Position among the blocks of its document, from 0. */
  index: number;
  /** The block's stable id, or null if it has none (older content, or content not yet saved). */
  id: string | null;
  kind: BlockKind;
  /** Heading level 1–4 for headings, null otherwise. */
  level: number | null;
  /**
   * Types of the nodes that contain the block, from the top level down, such as
   * `['bulletList', 'listItem']` or `['table', 'tableRow', 'tableCell']`; empty at the top level.
   */
  ancestors: string[];
  /**
   * The number of the top-level block it belongs to, from numbering.ts: "3.2" for a heading,
   * "3.2 ¶4" for a paragraph (a whole list or table is one paragraph), null for the title.
   */
  label: string | null;
  /** Plain text; a hard line break is "\n". */
  text: string;
  /**
   * The block's formatting and structure (marks over the text, kind, level, containers) as one
   * string, so two blocks with equal text can be told apart by formatting alone.
   */
  formatKey: string;
}

const CONTAINER_KINDS: ReadonlySet<string> = new Set(['listItem', 'tableCell', 'tableHeader']);

/**
 * Lists the text blocks of a document in reading order, each with its id, kind and number.
 * Containers (lists, list items, quotes, tables, cells) are looked through: their paragraphs are
 * the blocks, so a change to one bullet of a long list is one changed block, not a changed list.
 */
export function documentBlocks(doc: ProseMirrorNode): DocumentBlock[] {
  const labels = new Map<number, string>();
  for (const number of numberBlocks(doc)) labels.set(number.pos, number.label);

  const blocks: DocumentBlock[] = [];
  const visit = (node: ProseMirrorNode, ancestors: string[], label: string | null) => {
    if (node.isTextblock) {
      blocks.push(readBlock(node, blocks.length, ancestors, label));
      return;
    }
    const inner = [...ancestors, node.type.name];
    node.forEach((child) => visit(child, inner, label));
  };
  doc.forEach((node, offset) => visit(node, [], labels.get(offset) ?? null));
  return blocks;
}

function readBlock(
  node: ProseMirrorNode,
  index: number,
  ancestors: string[],
  label: string | null,
): DocumentBlock {
  const id: unknown = node.attrs[BLOCK_ID_ATTRIBUTE];
  const isHeading = node.type.name === 'heading';
  const level = isHeading ? Number(node.attrs['level'] ?? 1) : null;
  // The nearest container decides: a paragraph in a table cell inside a list item is a cell.
  const container = ancestors.findLast((type) => CONTAINER_KINDS.has(type));
  const kind: BlockKind = isHeading
    ? 'heading'
    : container === 'listItem' || container === 'tableCell' || container === 'tableHeader'
      ? container
      : 'paragraph';

  let text = '';
  // Text split into runs of equal marks; link targets are mark attributes, so a changed link
  // is a formatting change even where the linked words stay the same.
  const runs: [string, string][] = [];
  node.forEach((child) => {
    // The only inline leaf in the schema is the hard break, which reads as a line break.
    const piece = child.isText ? (child.text ?? '') : child.isLeaf ? '\n' : child.textContent;
    text += piece;
    const signature = child.marks
      .map((mark) => `${mark.type.name}${JSON.stringify(mark.attrs)}`)
      .join('+');
    const last = runs.at(-1);
    if (last !== undefined && last[0] === signature) last[1] += piece;
    else runs.push([signature, piece]);
  });
  const formatKey = JSON.stringify([kind, level, ancestors, runs]);
  return {
    index,
    id: typeof id === 'string' && id !== '' ? id : null,
    kind,
    level,
    ancestors,
    label,
    text,
    formatKey,
  };
}
