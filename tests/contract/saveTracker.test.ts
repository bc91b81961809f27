import fs from 'node:fs';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { SaveTracker } from '../../client/src/editor/SaveTracker.ts';
import { YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import { schema } from '../../server/editor/schema.ts';
import { SqliteStorage } from '../../server/storage/sqlite/SqliteStorage.ts';
import { buildDocument, buildUser, LOCAL_USER_ID } from '../../server/test/factories.ts';
import { slowStorage, type SlowStorage } from '../../server/test/slowStorage.ts';
import {
  makeTempDir,
  startTestServer,
  type TestServer,
} from '../../server/test/startTestServer.ts';
import { paragraphsDoc } from '../../server/test/yEdits.ts';

/**
 * Node 20 has no global WebSocket, and SaveTracker's socket class extends the global one, as in
 * the browser. `ws` stands in for it; the error listener keeps an aborted handshake from
 * becoming an uncaught exception (see server/test/collabClient.ts).
 */
class NodeWebSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    this.on('error', () => undefined);
  }
}

/** Hocuspocus' message type of the server's verdict on a change (SyncStatus). */
const SYNC_STATUS = 8;

/** The client as the editor page builds it: a tracked socket, a provider, the tracker. */
interface TrackedClient {
  ydoc: Y.Doc;
  saves: SaveTracker;
  socket: HocuspocusProviderWebsocket;
  provider: HocuspocusProvider;
  destroy(): void;
}

function connect(
  server: TestServer,
  documentId: string,
  options: {
    /** Who connects. @default LOCAL_USER_ID (the owner) */
    userId?: string;
    /** Changes the document before the socket is open, as the browser's offline copy does. */
    prepare?: (ydoc: Y.Doc) => void;
  } = {},
): TrackedClient {
  const { userId = LOCAL_USER_ID, prepare } = options;
  const ydoc = new Y.Doc();
  const saves = new SaveTracker(ydoc, documentId);
  const socket = new HocuspocusProviderWebsocket({
    url: `${server.url.replace(/^http/, 'ws')}/collab`,
    WebSocketPolyfill: saves.socketClass(),
    delay: 50,
    minDelay: 50,
    maxDelay: 500,
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: documentId,
    document: ydoc,
    token: () => server.tokens.issue(userId, documentId).token,
  });
  provider.attach();
  // The socket is still connecting: the provider queues these changes and flushes them once
  // the socket is open, as it does with what the browser's offline copy holds.
  prepare?.(ydoc);
  return {
    ydoc,
    saves,
    socket,
    provider,
    destroy: () => {
      provider.destroy();
      socket.destroy();
      saves.destroy();
      ydoc.destroy();
    },
  };
}

/** Types `value` at the end of the first paragraph, as the editor would: one local update. */
function typeAtEnd(ydoc: Y.Doc, value: string): void {
  const paragraph = ydoc.getXmlFragment(YJS_FRAGMENT).get(0);
  if (!(paragraph instanceof Y.XmlElement)) throw new Error('the document has no first paragraph');
  const text = paragraph.get(0);
  if (text instanceof Y.XmlText) text.insert(text.length, value);
  else paragraph.insert(0, [new Y.XmlText(value)]);
}

function textOf(ydoc: Y.Doc): string {
  return yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(YJS_FRAGMENT), schema).textContent;
}

/** The document's text as a cold load from the store would rebuild it. */
async function storedText(storage: SqliteStorage, documentId: string): Promise<string> {
  const content = await storage.updates.load(documentId);
  const ydoc = new Y.Doc();
  if (content.state) Y.applyUpdate(ydoc, content.state.data);
  for (const update of content.updates) Y.applyUpdate(ydoc, update.data);
  const text = textOf(ydoc);
  ydoc.destroy();
  return text;
}

/**
 * Resolves the next time the tracker says everything is confirmed, with the stored text read
 * right then: what a user who sees "saved" at that moment would find on the server.
 */
function nextConfirmed(
  client: TrackedClient,
  storage: SqliteStorage,
  documentId: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const stop = client.saves.onChange((count) => {
      if (count !== 0) return;
      stop();
      storedText(storage, documentId).then(resolve, reject);
    });
  });
}

describe('SaveTracker', () => {
  let dataDir: string;
  let inner: SqliteStorage;
  let slow: SlowStorage;
  let server: TestServer;
  const clients: TrackedClient[] = [];

  beforeAll(async () => {
    vi.stubGlobal('WebSocket', NodeWebSocket);
    dataDir = makeTempDir();
    inner = SqliteStorage.open(dataDir);
    slow = slowStorage(inner);
    server = await startTestServer({ dataDir, storage: slow.storage });
  });

  afterAll(async () => {
    slow.release();
    for (const client of clients) client.destroy();
    await server.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
    vi.unstubAllGlobals();
  });

  async function openDocument(): Promise<{ client: TrackedClient; documentId: string }> {
    const { id: documentId } = await buildDocument(server.storage, LOCAL_USER_ID, {
      content: paragraphsDoc('Start.'),
    });
    const client = connect(server, documentId);
    clients.push(client);
    await vi.waitFor(() => {
      expect(client.provider.synced).toBe(true);
      expect(textOf(client.ydoc)).toBe('Start.');
    });
    return { client, documentId };
  }

  it('confirms an edit only once the server has stored it', async () => {
    const { client, documentId } = await openDocument();
    expect(client.saves.unconfirmed).toBe(0);

    slow.hold();
    typeAtEnd(client.ydoc, ' Ett');
    typeAtEnd(client.ydoc, ' Två');
    expect(client.saves.unconfirmed).toBe(2);
    await vi.waitFor(() => expect(slow.waiting).toBeGreaterThanOrEqual(2));
    // The server has both edits in memory and is storing them; nothing is confirmed yet.
    expect(client.saves.unconfirmed).toBe(2);
    expect(await storedText(inner, documentId)).toBe('Start.');

    const confirmed = nextConfirmed(client, inner, documentId);
    slow.release();
    expect(await confirmed).toBe('Start. Ett Två');
  });

  it('after a reconnect, says nothing is saved until the edits made offline are stored', async () => {
    const { client, documentId } = await openDocument();
    client.socket.disconnect();
    await vi.waitFor(() => expect(client.socket.status).toBe('disconnected'));

    typeAtEnd(client.ydoc, ' Offline ett');
    typeAtEnd(client.ydoc, ' Offline två');
    typeAtEnd(client.ydoc, ' Offline tre');
    expect(client.saves.unconfirmed).toBe(3);

    slow.hold();
    void client.socket.connect();
    // The provider's own count restarts at 1 on reconnect, whatever was sent before, so it
    // cannot tell; the tracker counts the edits themselves. (The server used to ack at once a
    // frame whose content it already held in memory, which took that count to 0 here; it now
    // waits for the appends under way, see server/collab/ackAfterEarlierAppends.test.ts.)
    await vi.waitFor(() => {
      expect(client.provider.synced).toBe(true);
      expect(slow.waiting).toBeGreaterThan(0);
    });
    expect(client.saves.unconfirmed).toBe(3);
    expect(await storedText(inner, documentId)).toBe('Start.');

    const confirmed = nextConfirmed(client, inner, documentId);
    slow.release();
    expect(await confirmed).toBe('Start. Offline ett Offline två Offline tre');
    expect(client.saves.unconfirmed).toBe(0);
  });

  it('keeps counting what a closed socket left unconfirmed, and confirms it on the next', async () => {
    const { client, documentId } = await openDocument();
    slow.hold();
    typeAtEnd(client.ydoc, ' Halvvägs');
    await vi.waitFor(() => expect(slow.waiting).toBeGreaterThanOrEqual(1));
    // The socket goes away with the edit in the middle of being stored; its ack never comes.
    client.socket.disconnect();
    await vi.waitFor(() => expect(client.socket.status).toBe('disconnected'));
    expect(client.saves.unconfirmed).toBe(1);

    typeAtEnd(client.ydoc, ' Sedan');
    expect(client.saves.unconfirmed).toBe(2);
    const confirmed = nextConfirmed(client, inner, documentId);
    void client.socket.connect();
    await vi.waitFor(() => expect(client.provider.synced).toBe(true));
    expect(client.saves.unconfirmed).toBe(2);
    slow.release();
    expect(await confirmed).toBe('Start. Halvvägs Sedan');
  });

  it("is not confirmed by another document's ack on the same socket", async () => {
    const { client, documentId } = await openDocument();
    const other = await buildDocument(server.storage, LOCAL_USER_ID, {
      content: paragraphsDoc('Annat.'),
    });
    const otherDoc = new Y.Doc();
    const otherProvider = new HocuspocusProvider({
      websocketProvider: client.socket,
      name: other.id,
      document: otherDoc,
      token: () => server.tokens.issue(LOCAL_USER_ID, other.id).token,
    });
    otherProvider.attach();
    try {
      await vi.waitFor(() => expect(textOf(otherDoc)).toBe('Annat.'));
      slow.hold(documentId);
      typeAtEnd(client.ydoc, ' Eget');
      await vi.waitFor(() => expect(slow.waiting).toBeGreaterThanOrEqual(1));
      // The other document's edit is stored and acked on this same socket meanwhile; its ack
      // says nothing about this document's edit.
      typeAtEnd(otherDoc, ' Ändrat');
      await vi.waitFor(() => expect(otherProvider.unsyncedChanges).toBe(0));
      expect(await storedText(inner, other.id)).toBe('Annat. Ändrat');
      expect(client.saves.unconfirmed).toBe(1);

      const confirmed = nextConfirmed(client, inner, documentId);
      slow.release();
      expect(await confirmed).toBe('Start. Eget');
    } finally {
      otherProvider.destroy();
      otherDoc.destroy();
    }
  });

  describe('on a read-only socket', () => {
    /** A commenter on a new document, and the document's stored content. */
    async function commenterOn(): Promise<{
      documentId: string;
      userId: string;
      state: Uint8Array;
    }> {
      const { id: documentId } = await buildDocument(server.storage, LOCAL_USER_ID, {
        content: paragraphsDoc('Start.'),
      });
      const commenter = await buildUser(server.storage, {
        role: 'commenter',
        documentId,
      });
      const content = await inner.updates.load(documentId);
      const ydoc = new Y.Doc();
      if (content.state) Y.applyUpdate(ydoc, content.state.data);
      for (const update of content.updates) Y.applyUpdate(ydoc, update.data);
      const state = Y.encodeStateAsUpdate(ydoc);
      ydoc.destroy();
      return { documentId, userId: commenter.id, state };
    }

    /** Counts the SyncStatus frames the client receives for `documentId`. */
    function countVerdicts(client: TrackedClient, documentId: string): () => number {
      let verdicts = 0;
      client.socket.on('message', (event: MessageEvent<unknown>) => {
        if (!(event.data instanceof ArrayBuffer)) return;
        const decoder = decoding.createDecoder(new Uint8Array(event.data));
        if (decoding.readVarString(decoder) !== documentId) return;
        if (decoding.readVarUint(decoder) === SYNC_STATUS) verdicts += 1;
      });
      return () => verdicts;
    }

    it('confirms an offline copy that the server already holds', async () => {
      const { documentId, userId, state } = await commenterOn();
      // The offline copy is applied before the socket opens; the provider sends it as an
      // Update, which the server refuses on a read-only socket whatever it holds.
      const client = connect(server, documentId, {
        userId,
        prepare: (ydoc) => Y.applyUpdate(ydoc, state, 'offline copy'),
      });
      clients.push(client);
      expect(client.saves.unconfirmed).toBe(1);
      await vi.waitFor(() => expect(client.saves.unconfirmed).toBe(0));
      expect(textOf(client.ydoc)).toBe('Start.');
    });

    it('never confirms a change that the server refused to store', async () => {
      const { documentId, userId, state } = await commenterOn();
      const client = connect(server, documentId, {
        userId,
        prepare: (ydoc) => {
          Y.applyUpdate(ydoc, state, 'offline copy');
          typeAtEnd(ydoc, ' Olovligt');
        },
      });
      clients.push(client);
      const verdicts = countVerdicts(client, documentId);
      // Two Updates flushed from the queue and the answer: all three refused.
      await vi.waitFor(() => expect(verdicts()).toBe(3));
      expect(client.saves.unconfirmed).toBe(2);
      expect(await storedText(inner, documentId)).toBe('Start.');
    });
  });
});
