import type { FlatText } from './flattenText.ts';

/**
 * Index of the first text segment that ends after `offset`: the segment holding the character at
 * `offset` if one does, otherwise the next one (or `segments.length`). Ranges over the document
 * start walking here instead of at the first segment, since resolving many anchors would
 * otherwise walk the whole document each time.
 */
export function findSegment(flat: FlatText, offset: number): number {
  let low = 0;
  let high = flat.segments.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const segment = flat.segments[middle];
    if (segment !== undefined && segment.end <= offset) low = middle + 1;
    else high = middle;
  }
  return low;
}
