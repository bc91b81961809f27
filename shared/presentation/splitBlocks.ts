import { blockCharacters, lineCharacters, rowCharacters } from './slideBlock.ts';
import type { SlideBlock } from './slideTypes.ts';

/** How much text one slide may hold (SLIDE_MAX_BLOCKS and SLIDE_MAX_CHARACTERS). */
export interface SlideCapacity {
  blocks: number;
  characters: number;
}

/** Splits text into chunks of at most `max` characters: at sentence ends, else at spaces. */
function splitText(text: string, max: number): string[] {
  const sentences = text.split(/(?<=[.!?:;])\s+/);
  const pieces: string[] = [];
  for (const sentence of sentences) {
    if (sentence.length <= max) {
      pieces.push(sentence);
      continue;
    }
    let rest = sentence;
    while (rest.length > max) {
      const space = rest.lastIndexOf(' ', max);
      const cut = space > max / 2 ? space : max;
      pieces.push(rest.slice(0, cut).trim());
      rest = rest.slice(cut).trim();
    }
    if (rest !== '') pieces.push(rest);
  }
  const chunks: string[] = [];
  for (const piece of pieces) {
    const last = chunks.at(-1);
    if (last !== undefined && last.length + 1 + piece.length <= max) {
      chunks[chunks.length - 1] = `${last} ${piece}`;
    } else {
      chunks.push(piece);
    }
  }
  return chunks;
}

/** Groups items greedily so that each group's characters stay within `max` (at least one each). */
function group<T>(items: readonly T[], size: (item: T) => number, max: number): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let used = 0;
  for (const item of items) {
    const length = size(item);
    if (current.length > 0 && used + length > max) {
      groups.push(current);
      current = [];
      used = 0;
    }
    current.push(item);
    used += length;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * Divides one block that holds more text than a slide into pieces that each fit: a paragraph or
 * quote by sentences, a list by items, a table by rows (repeating its header row). Every piece
 * keeps the block's paragraph number. A block that fits is returned as it is.
 */
export function splitBlock(block: SlideBlock, maxCharacters: number): SlideBlock[] {
  if (blockCharacters(block) <= maxCharacters) return [block];
  switch (block.kind) {
    case 'paragraph':
    case 'quote':
    case 'heading':
      return splitText(block.text, maxCharacters).map((text) => ({ ...block, text }));
    case 'list':
      return group(block.items, (item) => lineCharacters(item.text.length), maxCharacters).map(
        (items) => ({ ...block, items }),
      );
    case 'table': {
      const header = block.header === null ? 0 : rowCharacters(block.header);
      const room = Math.max(1, maxCharacters - header);
      return group(block.rows, rowCharacters, room).map((rows) => ({ ...block, rows }));
    }
  }
}

/** A block of a slide, with the index of the top-level block of the document it comes from. */
export interface PlacedBlock {
  block: SlideBlock;
  source: number;
}

/**
 * Lays a section's blocks out over as few slides as the capacity allows, in order. A section
 * with no blocks still gets one (empty) slide, so its heading is shown.
 */
export function paginateBlocks(
  blocks: readonly PlacedBlock[],
  capacity: SlideCapacity,
): PlacedBlock[][] {
  const pieces = blocks.flatMap(({ block, source }) =>
    splitBlock(block, capacity.characters).map((piece) => ({ block: piece, source })),
  );
  const pages: PlacedBlock[][] = [];
  let current: PlacedBlock[] = [];
  let used = 0;
  for (const piece of pieces) {
    const length = blockCharacters(piece.block);
    if (
      current.length > 0 &&
      (current.length >= capacity.blocks || used + length > capacity.characters)
    ) {
      // A sub-heading goes with the text under it, not alone at the foot of a slide.
      const last = current.at(-1);
      const carried = current.length > 1 && last?.block.kind === 'heading' ? last : null;
      pages.push(carried === null ? current : current.slice(0, -1));
      current = carried === null ? [] : [carried];
      used = carried === null ? 0 : blockCharacters(carried.block);
    }
    current.push(piece);
    used += length;
  }
  if (current.length > 0 || pages.length === 0) pages.push(current);
  return pages;
}
