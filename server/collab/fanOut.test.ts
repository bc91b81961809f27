import { Document } from '@hocuspocus/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { flattenText } from '../comments/anchors/flattenText.ts';
import { contentToYUpdate } from '../editor/contentToYUpdate.ts';
import { connectLocalUser, type TestClient } from '../test/collabClient.ts';
import { LOCAL_USER_ID } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/startTestServer.ts';
import { locate, paragraphsDoc } from '../test/yEdits.ts';
import { broadcastUpdatesOnce } from './BroadcastOnceExtension.ts';
import { TurnCorker } from './TurnCorker.ts';

describe('broadcastUpdatesOnce', () => {
  it("takes the place of Hocuspocus' own relay, ahead of later listeners", () => {
    const document = new Document('broadcast-once-unit');
    const later = () => undefined;
    document.on('update', later);
    const before: unknown[] = [...(document._observers.get('update') as Set<unknown>)];
    expect(broadcastUpdatesOnce(document, new TurnCorker())).toBe(true);
    const after: unknown[] = [...(document._observers.get('update') as Set<unknown>)];
    expect(after).toHaveLength(before.length);
    expect(after[0]).not.toBe(before[0]);
    expect(after.slice(1)).toEqual(before.slice(1));
    expect(after.at(-1)).toBe(later);
    // Hocuspocus' listener is gone now: a second call finds nothing to take over.
    expect(broadcastUpdatesOnce(document, new TurnCorker())).toBe(false);
    document.destroy();
  });
});

describe('fan-out on the collaboration socket', () => {
  let server: TestServer;
  const clients: TestClient[] = [];
  const documentId = 'fan-out';

  beforeAll(async () => {
    server = await startTestServer();
    await server.storage.documents.create({
      id: documentId,
      title: 'Fan-out',
      ownerId: LOCAL_USER_ID,
      initialState: contentToYUpdate(paragraphsDoc('Första.', 'Andra.', 'Tredje.')),
    });
  });

  afterAll(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server.destroy();
  });

  const connect = () => {
    const client = connectLocalUser(server, documentId);
    clients.push(client);
    return client;
  };

  it('delivers every frame of a busy turn to real providers, in order, and acks the typists', async () => {
    const watcher = connect();
    const anna = connect();
    const bo = connect();
    await Promise.all([watcher.synced, anna.synced, bo.synced]);
    const live = server.engine.hocuspocus.documents.get(documentId);
    if (!live) throw new Error('the document is not loaded');

    // The server's own edits, one update each, all in one turn: the turn's updates leave merged,
    // in one frame per socket. Every clock of the server's client must arrive once and in order:
    // a part missing would leave the rest waiting in the watcher's pending structs.
    const serverClocks: number[][] = [];
    watcher.ydoc.on('update', (update: Uint8Array) => {
      const clocks = Y.decodeUpdate(update)
        .structs.filter((struct) => struct.id.client === live.clientID)
        .flatMap((struct) =>
          Array.from({ length: struct.length }, (_, offset) => struct.id.clock + offset),
        );
      if (clocks.length > 0) serverClocks.push(clocks);
    });
    const firstClock = Y.getState(live.store, live.clientID);
    const serverEdits = 12;
    for (let edit = 0; edit < serverEdits; edit += 1) {
      const { text } = locate(live, 0);
      live.transact(() => text.insert(0, 'x'), 'fan-out-test');
    }
    // Meanwhile both typists type, one update per character, as an editor sends them.
    // (Nothing has reached them yet: this test and the server share one turn.)
    const second = locate(anna.ydoc, 8);
    const third = locate(bo.ydoc, 15);
    ['h', 'e', 'j'].forEach((character, offset) => {
      second.text.insert(second.index + offset, character);
      third.text.insert(third.index + offset, character.toUpperCase());
    });

    await Promise.all([anna.allAcked(), bo.allAcked()]);
    const expected = flattenText(live).text;
    await expect.poll(() => flattenText(watcher.ydoc).text, { timeout: 5_000 }).toBe(expected);
    await expect.poll(() => flattenText(anna.ydoc).text, { timeout: 5_000 }).toBe(expected);
    await expect.poll(() => flattenText(bo.ydoc).text, { timeout: 5_000 }).toBe(expected);
    expect(expected).toContain('x'.repeat(serverEdits));
    expect(expected).toContain('hej');
    expect(expected).toContain('HEJ');
    // All twelve were made in one turn of the server, so they reach the watcher as one update.
    expect(serverClocks).toEqual([
      Array.from({ length: serverEdits }, (_, index) => firstClock + index),
    ]);
    expect(watcher.ydoc.store.pendingStructs).toBeNull();
  });
});
