import * as Y from 'yjs';
import { findSegment } from './findSegment.ts';
import type { FlatText } from './flattenText.ts';

/**
 * First and last flat offsets in `[from, to)` of characters the creation state already held
 * (an item is original when `id.clock < stateVector[id.client]`), or null when there are none.
 * Items are never moved in Yjs, so an original character inside the range was inside the
 * passage at creation. Only string content counts; formatting items and embeds are no text.
 *
 * Reads `XmlText._start`, `Item.right`, `.deleted`, `.id` and `.content`: Yjs exposes them in
 * its typings, and the public API (`toDelta`) does not say which client wrote a character.
 */
export function findOriginals(
  flat: FlatText,
  from: number,
  to: number,
  stateVector: Map<number, number>,
): { first: number; last: number } | null {
  let first = -1;
  let last = -1;
  for (let index = findSegment(flat, from); index < flat.segments.length; index += 1) {
    const segment = flat.segments[index];
    if (segment === undefined || segment.start >= to) break;
    let offset = segment.start;
    for (let item = segment.text._start; item !== null && offset < to; item = item.right) {
      if (item.deleted || !item.countable) continue;
      const itemStart = offset;
      offset += item.length;
      if (!(item.content instanceof Y.ContentString) || offset <= from) continue;
      // Clocks grow along an item, so the characters the creation state held are a prefix of it
      // (an item typed before and one typed after creation may have been merged into one).
      const held = (stateVector.get(item.id.client) ?? 0) - item.id.clock;
      const low = Math.max(from, itemStart);
      const high = Math.min(to, offset, itemStart + held);
      if (low < high) {
        if (first < 0) first = low;
        last = high - 1;
      }
    }
  }
  return first < 0 ? null : { first, last };
}
