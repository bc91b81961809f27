import { describe, expect, it } from 'vitest';
import type { ThreadRecord } from '../storage/types.ts';
import { testLogger } from '../test/startTestServer.ts';
import { buildDoc, deleteText, insertText, paragraphsDoc } from '../test/yEdits.ts';
import { createAnchor } from './anchors/createAnchor.ts';
import { PlacementCache } from './PlacementCache.ts';
import { placeThreads } from './placeThreads.ts';

const P1 = 'The committee shall publish its report before the end of the year.';
const P2 = 'Municipalities may apply for a grant.';
const logger = testLogger();

/** A thread on the passage `exact` of `doc`, as stored. */
function threadOn(doc: ReturnType<typeof buildDoc>, id: string, exact: string): ThreadRecord {
  const made = createAnchor(doc, { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' });
  if (!made.ok) throw new Error(`no anchor on ${exact}: ${made.reason}`);
  const at = new Date().toISOString();
  return {
    id,
    documentId: 'document-1',
    authorId: 'user-1',
    anchor: made.anchor,
    stance: null,
    status: 'open',
    resolvedBy: null,
    resolvedAt: null,
    disposition: null,
    createdAt: at,
    updatedAt: at,
  };
}

/** Where each thread is, by id, in document order. */
const places = (placed: ReturnType<typeof placeThreads>) =>
  placed.map(({ thread, resolved, position }) => ({
    id: thread.id,
    exact: resolved.exact,
    position,
  }));

describe('placing threads with a cache', () => {
  it('answers from the cache while the document is unchanged, exactly as resolving would', () => {
    const doc = buildDoc(paragraphsDoc(P1, P2));
    const threads = [
      threadOn(doc, 'grant', 'apply for a grant'),
      threadOn(doc, 'report', 'report'),
    ];
    const cache = new PlacementCache();

    const first = placeThreads(doc, threads, logger, cache);
    const second = placeThreads(doc, threads, logger, cache);
    expect(places(second)).toEqual(places(placeThreads(doc, threads, logger)));
    expect(places(second).map(({ id }) => id)).toEqual(['report', 'grant']);
    // The very same resolutions: nothing was resolved again.
    for (const [index, placed] of second.entries()) {
      expect(placed.resolved).toBe(first[index]?.resolved);
    }
  });

  it('resolves again after any edit: insertions before and inside a passage, and deletions', () => {
    const doc = buildDoc(paragraphsDoc(P1, P2));
    const threads = [threadOn(doc, 'grant', 'apply for a grant')];
    const cache = new PlacementCache();
    const place = () => places(placeThreads(doc, threads, logger, cache))[0];
    const grant = P1.length + 1 + P2.indexOf('apply');
    expect(place()).toEqual({ id: 'grant', exact: 'apply for a grant', position: grant });

    insertText(doc, 0, 'New: ');
    expect(place()).toEqual({ id: 'grant', exact: 'apply for a grant', position: grant + 5 });

    const inside = grant + 5 + 'apply for a '.length;
    insertText(doc, inside, 'large ');
    expect(place()).toMatchObject({ exact: 'apply for a large grant', position: grant + 5 });

    deleteText(doc, 0, 'New: '.length);
    expect(place()).toMatchObject({ exact: 'apply for a large grant', position: grant });
    // Every answer equals a resolution without the cache.
    expect(place()).toEqual(places(placeThreads(doc, threads, logger))[0]);
  });

  it('resolves a thread again when its stored anchor changed, and keeps documents apart', () => {
    const doc = buildDoc(paragraphsDoc(P1, P2));
    const other = buildDoc(paragraphsDoc(P2, P1));
    const cache = new PlacementCache();
    const onGrant = threadOn(doc, 'thread', 'apply for a grant');
    const onReport = { ...threadOn(doc, 'thread', 'its report') };
    expect(places(placeThreads(doc, [onGrant], logger, cache))[0]?.exact).toBe('apply for a grant');
    // Same id, another anchor (as after a re-found anchor is stored): not the cached place.
    expect(places(placeThreads(doc, [onReport], logger, cache))[0]?.exact).toBe('its report');
    // Same thread on another document (another Y.Doc): resolved there.
    const elsewhere = threadOn(other, 'thread', 'apply for a grant');
    expect(places(placeThreads(other, [elsewhere], logger, cache))[0]?.position).toBe(
      P2.indexOf('apply'),
    );
  });
});
