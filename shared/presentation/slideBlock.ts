import type { JSONContent } from '@tiptap/core';
import { BLOCK_ID_ATTRIBUTE } from '../editor/blockTypes.ts';
import { SLIDE_LINE_CHARACTERS } from '../limits.ts';
import type { SlideBlock, SlideListItem } from './slideTypes.ts';

/**
 * The id by which a top-level block is numbered: its own, or (for lists, quotes and tables,
 * which carry none) that of its first block, as `numberBlocks` reads it.
 */
export function topLevelBlockId(node: JSONContent): string | null {
  const own: unknown = node.attrs?.[BLOCK_ID_ATTRIBUTE];
  if (typeof own === 'string' && own !== '') return own;
  const first = node.content?.[0];
  return first ? topLevelBlockId(first) : null;
}

/** Every block id in a node and below it, so a thread on a list item finds its list. */
export function blockIdsWithin(node: JSONContent): string[] {
  const ids: string[] = [];
  const visit = (current: JSONContent): void => {
    const id: unknown = current.attrs?.[BLOCK_ID_ATTRIBUTE];
    if (typeof id === 'string' && id !== '') ids.push(id);
    current.content?.forEach(visit);
  };
  visit(node);
  return ids;
}

/** The plain text of a node: its text nodes joined, a hard break read as a space. */
export function plainText(node: JSONContent): string {
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hardBreak') return ' ';
  const parts = (node.content ?? []).map(plainText);
  // Blocks inside a block (a quote's paragraphs, a cell's paragraphs) are separate lines of text.
  const separator = node.content?.some((child) => child.type === 'text') ? '' : ' ';
  return parts.join(separator).replace(/\s+/g, ' ').trim();
}

function listItems(list: JSONContent, depth: number): SlideListItem[] {
  const items: SlideListItem[] = [];
  for (const item of list.content ?? []) {
    const own = (item.content ?? []).filter(
      (child) => child.type !== 'bulletList' && child.type !== 'orderedList',
    );
    items.push({ depth, text: own.map(plainText).join(' ').trim() });
    for (const child of item.content ?? []) {
      if (child.type === 'bulletList' || child.type === 'orderedList') {
        items.push(...listItems(child, depth + 1));
      }
    }
  }
  return items;
}

/**
 * One top-level block of the document as a slide shows it, or null for a block with nothing to
 * show (a rule, an empty paragraph). `label` is its paragraph number, if it has one.
 */
export function slideBlock(node: JSONContent, label: string | null): SlideBlock | null {
  switch (node.type) {
    case 'heading': {
      const level = Number(node.attrs?.['level'] ?? 1);
      return { kind: 'heading', label, level, text: plainText(node) };
    }
    case 'bulletList':
    case 'orderedList': {
      const items = listItems(node, 0);
      return items.length === 0
        ? null
        : { kind: 'list', label, ordered: node.type === 'orderedList', items };
    }
    case 'table': {
      const rows = (node.content ?? []).map((row) => (row.content ?? []).map(plainText));
      const firstRow = node.content?.[0];
      const hasHeader =
        firstRow !== undefined &&
        (firstRow.content ?? []).length > 0 &&
        (firstRow.content ?? []).every((cell) => cell.type === 'tableHeader');
      const [first, ...rest] = rows;
      return hasHeader && first !== undefined
        ? { kind: 'table', label, header: first, rows: rest }
        : { kind: 'table', label, header: null, rows };
    }
    case 'blockquote': {
      const text = plainText(node);
      return text === '' ? null : { kind: 'quote', label, text };
    }
    case 'horizontalRule':
      return null;
    default: {
      const text = plainText(node);
      return text === '' ? null : { kind: 'paragraph', label, text };
    }
  }
}

/**
 * How much of a slide a block takes, in characters: its text, with every paragraph, list item
 * and table row counted as at least one line (SLIDE_LINE_CHARACTERS).
 */
export function blockCharacters(block: SlideBlock): number {
  switch (block.kind) {
    case 'list':
      return block.items.reduce((sum, item) => sum + lineCharacters(item.text.length), 0);
    case 'table':
      return [block.header ?? [], ...block.rows].reduce((sum, row) => sum + rowCharacters(row), 0);
    default:
      return lineCharacters(block.text.length);
  }
}

/** Characters of text, counted as at least one line. */
export function lineCharacters(length: number): number {
  return Math.max(length, SLIDE_LINE_CHARACTERS);
}

/** Characters of a table row, counted as at least one line. */
export function rowCharacters(row: readonly string[]): number {
  return lineCharacters(row.reduce((sum, cell) => sum + cell.length, 0));
}
