import type * as Y from 'yjs';
import { quoteContext } from '../../shared/editor/quoteContext.ts';
import { anchorRange } from '../comments/anchors/createAnchor.ts';
import { flattenText } from '../comments/anchors/flattenText.ts';
import { refindQuote } from '../comments/anchors/refindQuote.ts';
import { AnchorStateMissingError, resolveAnchor } from '../comments/anchors/resolveAnchor.ts';
import type { PlacedThread } from '../comments/placeThreads.ts';
import type { ThreadRecord } from '../storage/types.ts';

/**
 * Places threads in the text of a version (a Y.Doc built from its stored state), for showing
 * the version with its comments as they stood. Nothing is stored: a version is read-only.
 *
 * Most anchors resolve by their relative positions, since a version is the same Yjs history as
 * the live text. One that does not (its text was re-created later, say by a restore, and the
 * thread was re-anchored onto the new characters, which the version does not hold) is looked for
 * by its quote and context in the version's text, which is the text it was made on. The result
 * carries the positions it was found at, so a client can highlight it in that version.
 */
export function placeThreadsInVersion(
  doc: Y.Doc,
  threads: readonly ThreadRecord[],
): PlacedThread[] {
  const flat = flattenText(doc);
  const placed = threads.map((thread): PlacedThread => {
    let resolved;
    try {
      resolved = resolveAnchor(doc, thread.anchor, flat);
    } catch (error) {
      if (!(error instanceof AnchorStateMissingError)) throw error;
      resolved = null;
    }
    if (resolved?.status === 'anchored') {
      // Re-found in the version: show its positions there, but never store them.
      const anchor = resolved.refound ?? thread.anchor;
      return { thread: { ...thread, anchor }, resolved, position: resolved.from };
    }
    const { anchor } = thread;
    // Any occurrence with matching context counts: an empty state vector, since in a version
    // every character may be one the thread was made on.
    const range = refindQuote(flat, anchor, new Map());
    const fresh = range === null ? null : anchorRange(doc, flat, range.from, range.to);
    if (range !== null && fresh !== null && fresh.quote === anchor.quote) {
      return {
        thread: {
          ...thread,
          anchor: { ...fresh, quote: anchor.quote, prefix: anchor.prefix, suffix: anchor.suffix },
        },
        resolved: {
          status: 'anchored',
          kind: 'passage',
          exact: anchor.quote,
          ...quoteContext(flat.text, range.from, range.to),
          blockId: fresh.blockId,
          from: range.from,
          to: range.to,
        },
        position: range.from,
      };
    }
    return {
      thread,
      resolved: resolved ?? {
        status: 'removed',
        kind: anchor.kind,
        exact: anchor.quote,
        prefix: anchor.prefix,
        suffix: anchor.suffix,
        blockId: anchor.blockId,
      },
      position: Infinity,
    };
  });
  // Compared rather than subtracted: Infinity - Infinity is NaN.
  return placed.sort((a, b) => (a.position === b.position ? 0 : a.position < b.position ? -1 : 1));
}
