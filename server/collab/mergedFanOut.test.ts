import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { flattenText } from '../comments/anchors/flattenText.ts';
import { contentToYUpdate } from '../editor/contentToYUpdate.ts';
import { connectLocalUser, type TestClient } from '../test/collabClient.ts';
import { LOCAL_USER_ID } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/startTestServer.ts';
import { locate, paragraphsDoc } from '../test/yEdits.ts';

// The updates of one event-loop turn leave merged, in one frame per socket
// (BroadcastOnceExtension). The server runs in this process, so the test makes a turn of its
// own: the clients send, then the test blocks the shared event loop until every frame has
// reached the server's sockets, and the next poll reads them all at once, as a busy server
// does.

/** Blocks this thread (and so the server's event loop) for `ms`. */
function blockEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Every update frame the provider applied from the server, by the clients whose edits it held. */
function recordFrames(client: TestClient): Set<number>[] {
  const frames: Set<number>[] = [];
  client.ydoc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== client.provider) return;
    frames.push(new Set(Y.decodeUpdate(update).structs.map((struct) => struct.id.client)));
  });
  return frames;
}

describe('merged fan-out of one turn', () => {
  let server: TestServer;
  const clients: TestClient[] = [];
  let documentCount = 0;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server.destroy();
  });

  async function openDocument(): Promise<string> {
    documentCount += 1;
    const documentId = `merged-fan-out-${documentCount}`;
    await server.storage.documents.create({
      id: documentId,
      title: 'Merged fan-out',
      ownerId: LOCAL_USER_ID,
      initialState: contentToYUpdate(paragraphsDoc('Första stycket.', 'Andra stycket.')),
    });
    return documentId;
  }

  async function connect(documentId: string, count: number): Promise<TestClient[]> {
    const connected = Array.from({ length: count }, () => connectLocalUser(server, documentId));
    clients.push(...connected);
    await Promise.all(connected.map((client) => client.synced));
    return connected;
  }

  /** Types `characters` one update each before the first full stop, as an editor sends them. */
  function type(client: TestClient, characters: string): void {
    for (const character of characters) {
      const { text, index } = locate(client.ydoc, flattenText(client.ydoc).text.indexOf('.'));
      text.insert(index, character);
    }
  }

  it('sends the keystrokes of several typists in one turn to a provider as fewer frames, and converges', async () => {
    const documentId = await openDocument();
    const [watcher, anna, bo, cecilia] = await connect(documentId, 4);
    if (!watcher || !anna || !bo || !cecilia) throw new Error('four clients expected');
    const frames = recordFrames(watcher);

    const typists = [anna, bo, cecilia];
    const keystrokes = ['abcde', 'fghij', 'klmno'];
    typists.forEach((typist, index) => type(typist, keystrokes[index] ?? ''));
    blockEventLoop(200);

    await Promise.all(typists.map((typist) => typist.allAcked()));
    const live = server.engine.hocuspocus.documents.get(documentId);
    if (!live) throw new Error('the document is not loaded');
    const expected = flattenText(live).text;
    for (const characters of keystrokes) {
      expect(expected).toContain(characters);
    }
    for (const client of [watcher, ...typists]) {
      await expect.poll(() => flattenText(client.ydoc).text, { timeout: 5_000 }).toBe(expected);
      expect(client.ydoc.store.pendingStructs).toBeNull();
    }
    // Fifteen updates from three typists, in fewer frames: one held the keystrokes of several.
    const typed = new Set(typists.map((typist) => typist.ydoc.clientID));
    const withTyping = frames.filter((authors) => [...authors].some((id) => typed.has(id)));
    expect(withTyping.length).toBeGreaterThan(0);
    expect(withTyping.length).toBeLessThan(keystrokes.join('').length);
    expect(
      withTyping.some((authors) => [...authors].filter((id) => typed.has(id)).length > 1),
    ).toBe(true);
  });

  it('loses nothing when sockets close in the turn the updates arrive', async () => {
    const documentId = await openDocument();
    const [watcher, leavingWatcher, anna, leavingTypist] = await connect(documentId, 4);
    if (!watcher || !leavingWatcher || !anna || !leavingTypist) {
      throw new Error('four clients expected');
    }
    // In one turn of the server: two typists type, and then a watcher and one of the typists
    // close their sockets.
    type(anna, 'stay');
    type(leavingTypist, 'gone');
    leavingWatcher.destroy();
    leavingTypist.destroy();
    blockEventLoop(200);

    await anna.allAcked();
    const live = server.engine.hocuspocus.documents.get(documentId);
    if (!live) throw new Error('the document is not loaded');
    const expected = flattenText(live).text;
    expect(expected).toContain('stay');
    // Whatever the server applied, the typist who left included, reaches the one who stayed.
    await expect.poll(() => flattenText(watcher.ydoc).text, { timeout: 5_000 }).toBe(expected);
    await expect.poll(() => flattenText(anna.ydoc).text, { timeout: 5_000 }).toBe(expected);
    expect(watcher.ydoc.store.pendingStructs).toBeNull();

    // The fan-out goes on for the sockets left.
    type(anna, '!');
    await anna.allAcked();
    await expect
      .poll(() => flattenText(watcher.ydoc).text, { timeout: 5_000 })
      .toBe(flattenText(live).text);
  });
});
