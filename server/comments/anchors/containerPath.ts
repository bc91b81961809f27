import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** Version of the byte format below, so stored anchors can be read after it changes. */
const FORMAT_VERSION = 1;

/**
 * Encodes where a text or element sits in the tree: for the node itself and then each ancestor
 * up to the root fragment, a Yjs relative position that points at that node's item in its
 * parent (innermost first).
 *
 * Why: when a paragraph is deleted (merged into the one before, or removed), Yjs garbage-collects
 * its text, and a relative position to one of its characters can no longer be resolved at all.
 * The deleted paragraph's own item survives in its live parent, so its position there still says
 * where the character was. Items are never moved in Yjs, so that place stays meaningful.
 */
export function encodeContainerPath(node: Y.XmlText | Y.XmlElement): Uint8Array {
  const encoder = encoding.createEncoder();
  const levels: Uint8Array[] = [];
  let current: Y.XmlText | Y.XmlFragment = node;
  for (;;) {
    const item: Y.Item | null = current._item;
    if (item === null) break;
    const parent = item.parent;
    if (!(parent instanceof Y.XmlFragment)) break;
    // Index among live children, computed from the item list because `current` is an item of
    // `parent` and comparing items avoids typing the children array.
    let index = 0;
    for (
      let sibling = parent._start;
      sibling !== null && sibling !== item;
      sibling = sibling.right
    ) {
      if (!sibling.deleted && sibling.countable) index += sibling.length;
    }
    levels.push(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(parent, index, 0)));
    current = parent;
  }
  encoding.writeVarUint(encoder, FORMAT_VERSION);
  encoding.writeVarUint(encoder, levels.length);
  for (const level of levels) encoding.writeVarUint8Array(encoder, level);
  return encoding.toUint8Array(encoder);
}

/**
 * Reads what {@link encodeContainerPath} wrote: the relative positions of a node and its
 * ancestors, innermost first.
 * @throws Error when the bytes were written by an unknown format version.
 */
export function decodeContainerPath(bytes: Uint8Array): Y.RelativePosition[] {
  const decoder = decoding.createDecoder(bytes);
  const version = decoding.readVarUint(decoder);
  if (version !== FORMAT_VERSION) {
    throw new Error(`Unknown anchor container path format version ${version}`);
  }
  const count = decoding.readVarUint(decoder);
  const levels: Y.RelativePosition[] = [];
  for (let level = 0; level < count; level += 1) {
    levels.push(Y.decodeRelativePosition(decoding.readVarUint8Array(decoder)));
  }
  return levels;
}
