import type * as Y from 'yjs';
import { flattenText, type FlatText } from './anchors/flattenText.ts';
import {
  AnchorStateMissingError,
  resolveAnchor,
  type ResolvedAnchor,
} from './anchors/resolveAnchor.ts';
import { resolveBoundary } from './anchors/resolveBoundary.ts';
import type { Logger } from '../logger.ts';
import type { Placement, PlacementCache } from './PlacementCache.ts';
import type { ThreadRecord } from '../storage/types.ts';

/** A thread with its anchor resolved against the live document. */
export interface PlacedThread {
  thread: ThreadRecord;
  resolved: ResolvedAnchor;
  /** Flat offset the thread sorts by: where its text starts, or where it was. */
  position: number;
}

/**
 * Where a removed anchor's text was: the start boundary follows the container path to the place
 * of the deleted text, so a thread on deleted text stays where the text was instead of jumping
 * to the end. Infinity when not even that can be found.
 */
function formerPosition(doc: Y.Doc, flat: FlatText, thread: ThreadRecord) {
  try {
    const { start, startPath } = thread.anchor;
    return resolveBoundary(doc, flat, start, startPath, 'start')?.offset ?? Infinity;
  } catch {
    return Infinity;
  }
}

/**
 * Resolves every thread's anchor on `doc` (flattening the document once) and puts the threads in
 * document order: by where their text starts now, threads on removed text where that text was,
 * and threads at the same place in the order they were created (`threads` comes oldest first,
 * and the sort is stable).
 *
 * With a `cache`, a thread placed on this very state of `doc` before is not resolved again, and
 * the text is flattened only if some thread is not in the cache.
 */
export function placeThreads(
  doc: Y.Doc,
  threads: readonly ThreadRecord[],
  logger: Logger,
  cache?: PlacementCache,
): PlacedThread[] {
  let flat: FlatText | null = null;
  const placed = threads.map((thread): PlacedThread => {
    const cached = cache?.get(doc, thread.id, thread.anchor);
    if (cached) return { thread, ...cached };
    const placement = place(doc, (flat ??= flattenText(doc)), thread, logger);
    cache?.set(doc, thread.id, thread.anchor, placement);
    return { thread, ...placement };
  });
  // Compared rather than subtracted: Infinity - Infinity is NaN.
  return placed.sort((a, b) => (a.position === b.position ? 0 : a.position < b.position ? -1 : 1));
}

/** One thread's resolved anchor and the offset it sorts by. */
function place(doc: Y.Doc, flat: FlatText, thread: ThreadRecord, logger: Logger): Placement {
  try {
    const resolved = resolveAnchor(doc, thread.anchor, flat);
    const position =
      resolved.status === 'anchored' ? resolved.from : formerPosition(doc, flat, thread);
    return { resolved, position };
  } catch (error) {
    if (!(error instanceof AnchorStateMissingError)) throw error;
    // The stored text is older than the thread (a restored backup): any place would be a
    // guess, so the thread shows its original quote as removed text and is never dropped.
    logger.error('a thread was made on text the stored document does not hold', {
      documentId: thread.documentId,
      threadId: thread.id,
    });
    const { anchor } = thread;
    return {
      resolved: {
        status: 'removed',
        kind: anchor.kind,
        exact: anchor.quote,
        prefix: anchor.prefix,
        suffix: anchor.suffix,
        blockId: anchor.blockId,
      },
      position: Infinity,
    };
  }
}
