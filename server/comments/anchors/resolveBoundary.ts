import * as Y from 'yjs';
import { decodeContainerPath } from './containerPath.ts';
import type { FlatText } from './flattenText.ts';

/** One end of a passage, found in the current document. */
export interface AnchorBoundary {
  /** Flat offset of the boundary: the start of the passage, or the end (exclusive). */
  readonly offset: number;
  /**
   * True when the character's text still lives in the document, so `offset` is exactly where the
   * character is (or was, if only the character was deleted). False when its text or an
   * enclosing block was deleted: `offset` is then the place of the deleted container.
   */
  readonly exact: boolean;
  /** True when the character the position sticks to is still visible. */
  readonly intact: boolean;
}

/**
 * Resolves the start or end of a passage. Tries the character's relative position first; if its
 * text is gone, walks out through the container path until a deleted container is found in a
 * live parent, and returns the place of that container: for a start, where the next live
 * sibling begins; for an end, where the previous one ends. Everything inside the deleted
 * container is deleted, so no surviving character is lost by starting after it or ending before
 * it.
 *
 * Undone deletions are not followed: the `redone` link exists only in the document whose undo
 * manager redid the change, and following it would make replicas disagree.
 *
 * @returns null when not even the outermost container can be found (the document does not hold
 *   the state the anchor was created on).
 */
export function resolveBoundary(
  doc: Y.Doc,
  flat: FlatText,
  position: Uint8Array,
  path: Uint8Array,
  side: 'start' | 'end',
): AnchorBoundary | null {
  const relative = Y.decodeRelativePosition(position);
  const absolute = Y.createAbsolutePositionFromRelativePosition(relative, doc, false);
  if (absolute !== null && absolute.type instanceof Y.XmlText) {
    // Only texts reached by flattenText are live and inside the document fragment; Yjs itself
    // checks the direct parent only, not the ancestors.
    const segment = flat.texts.get(absolute.type);
    if (segment !== undefined) {
      return {
        offset: segment.start + absolute.index,
        exact: true,
        intact: isVisible(doc, relative),
      };
    }
  }
  for (const level of decodeContainerPath(path)) {
    const at = Y.createAbsolutePositionFromRelativePosition(level, doc, false);
    if (at === null || !(at.type instanceof Y.XmlFragment)) continue;
    const parentRange = flat.ranges.get(at.type);
    if (parentRange === undefined) continue;
    const children = at.type.toArray();
    if (side === 'start') {
      const next = children[at.index];
      const offset =
        (next === undefined ? undefined : flat.ranges.get(next)?.from) ?? parentRange.to;
      return { offset, exact: false, intact: false };
    }
    const previous = at.index > 0 ? children[at.index - 1] : undefined;
    const offset =
      (previous === undefined ? undefined : flat.ranges.get(previous)?.to) ?? parentRange.from;
    return { offset, exact: false, intact: false };
  }
  return null;
}

/** Whether the character a relative position sticks to is still in the document, undeleted. */
function isVisible(doc: Y.Doc, relative: Y.RelativePosition): boolean {
  const id = relative.item;
  if (id === null || Y.getState(doc.store, id.client) <= id.clock) return false;
  const struct = Y.getItem(doc.store, id);
  return struct instanceof Y.Item && !struct.deleted;
}
