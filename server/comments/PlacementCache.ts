import type * as Y from 'yjs';
import type { StoredAnchor } from './anchors/createAnchor.ts';
import type { ResolvedAnchor } from './anchors/resolveAnchor.ts';

/** Where one thread was placed: its resolved anchor and the offset it sorts by. */
export interface Placement {
  resolved: ResolvedAnchor;
  position: number;
}

/** The placements made on one live document since it last changed, by thread id. */
type DocumentPlacements = Map<string, { anchor: StoredAnchor; placement: Placement }>;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Whether two stored anchors are the same in everything a resolution reads: a thread whose
 * stored anchor changed (re-found on re-created text) is resolved again, not served from the
 * cache. Compared field by field: the anchors come fresh from storage on every request.
 */
function sameAnchor(a: StoredAnchor, b: StoredAnchor): boolean {
  return (
    a.kind === b.kind &&
    a.blockId === b.blockId &&
    a.quote === b.quote &&
    a.prefix === b.prefix &&
    a.suffix === b.suffix &&
    sameBytes(a.start, b.start) &&
    sameBytes(a.end, b.end) &&
    sameBytes(a.startPath, b.startPath) &&
    sameBytes(a.endPath, b.endPath) &&
    sameBytes(a.stateVector, b.stateVector)
  );
}

/**
 * Placed anchors of live documents, so that a thread list asked for again with no edit in
 * between (every participant opening the page, every sidebar refreshing after a new comment)
 * does not flatten the text and resolve every anchor again: on a 2,000-paragraph draft with
 * 2,000 threads that is most of the request's work once the document is loaded.
 *
 * A resolution depends only on the document's state and the anchor (`resolveAnchor`), so an
 * entry is exact until the document changes. Every transaction on the document, local, remote or
 * made on the server, empties its entries before anyone can read the changed text; a thread is
 * never shown at a stale place. Entries belong to one Y.Doc instance: a document unloaded and
 * loaded again starts empty, and the entries go with the instance.
 */
export class PlacementCache {
  private readonly documents = new WeakMap<Y.Doc, DocumentPlacements>();

  /** The placement of a thread with `anchor` on `doc` as it stands, if one was made since it last changed. */
  get(doc: Y.Doc, threadId: string, anchor: StoredAnchor): Placement | undefined {
    const entry = this.documents.get(doc)?.get(threadId);
    if (!entry || !sameAnchor(entry.anchor, anchor)) return undefined;
    return entry.placement;
  }

  /** Remembers a placement made on `doc` as it stands now. */
  set(doc: Y.Doc, threadId: string, anchor: StoredAnchor, placement: Placement): void {
    this.placementsOf(doc).set(threadId, { anchor, placement });
  }

  private placementsOf(doc: Y.Doc): DocumentPlacements {
    const known = this.documents.get(doc);
    if (known) return known;
    const created: DocumentPlacements = new Map();
    // afterTransaction rather than update: it costs nothing to listen to (Yjs encodes every
    // transaction for its update listeners), and Yjs runs it inside the transaction, before any
    // reader can see the changed state. A transaction that changes nothing empties the cache
    // too, which costs one resolution more and is never wrong.
    doc.on('afterTransaction', () => created.clear());
    this.documents.set(doc, created);
    return created;
  }
}
