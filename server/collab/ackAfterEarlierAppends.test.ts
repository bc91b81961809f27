import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { flattenText } from '../comments/anchors/flattenText.ts';
import { SqliteStorage } from '../storage/sqlite/SqliteStorage.ts';
import { connectLocalUser, type TestClient } from '../test/collabClient.ts';
import { buildDocument, LOCAL_USER_ID } from '../test/factories.ts';
import { slowStorage, type SlowStorage } from '../test/slowStorage.ts';
import { makeTempDir, startTestServer, type TestServer } from '../test/startTestServer.ts';
import { insertText, paragraphsDoc } from '../test/yEdits.ts';

/**
 * An ack says "everything your document holds is stored". Peers and a client's next socket see
 * an update as soon as the server applied it, before its append has finished; a message that
 * brings nothing new, or builds on such an update, must still wait for that append.
 */
describe('acks wait for the appends under way before them', () => {
  let inner: SqliteStorage;
  let slow: SlowStorage;
  let server: TestServer;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    const dataDir = makeTempDir();
    inner = SqliteStorage.open(dataDir);
    slow = slowStorage(inner);
    server = await startTestServer({ storage: slow.storage, dataDir });
  });
  afterAll(async () => {
    slow.release();
    for (const client of clients) client.destroy();
    await server.destroy();
  });

  async function storedText(documentId: string): Promise<string> {
    const content = await inner.updates.load(documentId);
    const doc = new Y.Doc();
    for (const blob of [content.state, ...content.updates]) if (blob) Y.applyUpdate(doc, blob.data);
    return flattenText(doc).text;
  }

  it('does not ack a reconnected socket while the previous socket’s append of its edit is under way', async () => {
    const { id: documentId } = await buildDocument(server.storage, LOCAL_USER_ID, {
      content: paragraphsDoc('Start.'),
    });
    const client = connectLocalUser(server, documentId);
    clients.push(client);
    await client.synced;

    slow.hold(documentId);
    insertText(client.ydoc, flattenText(client.ydoc).text.length, ' Ett');
    await vi.waitFor(() => expect(slow.waiting).toBe(1));

    // The socket drops with the append still being written; the client reconnects at once.
    // Its next SyncStep2 carries nothing the server's memory lacks.
    client.socket.disconnect();
    await vi.waitFor(() => expect(client.socket.status).toBe('disconnected'));
    let ackedWhileHeld = false;
    client.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
      if (number === 0 && slow.waiting > 0) ackedWhileHeld = true;
    });
    void client.socket.connect();
    await vi.waitFor(() => expect(client.provider.synced).toBe(true));
    // Time for the server to handle the client's SyncStep2 (it answers in milliseconds); the
    // old server acked it here, with the edit still unstored.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ackedWhileHeld).toBe(false);
    expect(client.provider.unsyncedChanges).toBeGreaterThan(0);
    expect(await storedText(documentId)).toBe('Start.');

    slow.release();
    await client.allAcked();
    expect(ackedWhileHeld).toBe(false);
    expect(await storedText(documentId)).toBe('Start. Ett');
  });
});
