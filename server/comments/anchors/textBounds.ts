import { findSegment } from './findSegment.ts';
import type { FlatText, TextSegment } from './flattenText.ts';

/** The first and last text characters of a flat range, and the segments that hold them. */
export interface TextBounds {
  readonly first: number;
  readonly firstSegment: TextSegment;
  /** Offset of the last character (inclusive). */
  readonly last: number;
  readonly lastSegment: TextSegment;
}

/**
 * The first and last characters of `[from, to)` that live in a text. Block separators and hard
 * breaks have no Yjs character to stick a relative position to, so a passage starts and ends on
 * real text.
 */
export function textBounds(flat: FlatText, from: number, to: number): TextBounds | null {
  let firstSegment: TextSegment | undefined;
  let lastSegment: TextSegment | undefined;
  for (let index = findSegment(flat, from); index < flat.segments.length; index += 1) {
    const segment = flat.segments[index];
    if (segment === undefined || segment.start >= to) break;
    if (segment.start === segment.end) continue;
    firstSegment ??= segment;
    lastSegment = segment;
  }
  if (firstSegment === undefined || lastSegment === undefined) return null;
  return {
    first: Math.max(from, firstSegment.start),
    firstSegment,
    last: Math.min(to, lastSegment.end) - 1,
    lastSegment,
  };
}
