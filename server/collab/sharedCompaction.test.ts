import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import * as Y from 'yjs';
import { flattenText } from '../comments/anchors/flattenText.ts';
import { connectLocalUser, type TestClient } from '../test/collabClient.ts';
import { buildDocument, LOCAL_USER_ID } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/startTestServer.ts';
import { clusterTestServices } from '../test/testCluster.ts';
import { createTestDatabase, type TestDatabase } from '../test/testPostgres.ts';
import { insertText, paragraphsDoc } from '../test/yEdits.ts';
import type { StoredDocumentContent } from '../storage/types.ts';

/**
 * Compaction on a database other nodes share (REDIS_URL set). The other node is played by the
 * test writing straight into the shared log, which is what a node does when it appends a
 * client's update before acking it, and what is left when it dies before relaying it.
 */
const services = clusterTestServices();

/** The fold lock's first key (PostgresUpdateLog); the second is hashtext(document id). */
const FOLD_LOCK = 0x52454d46;

describe.skipIf(services === null)('compaction on a shared database', () => {
  let database: TestDatabase;
  let server: TestServer;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(services?.postgresUrl ?? '');
    server = await startTestServer({
      config: { postgresUrl: database.url, redisUrl: services?.redisUrl ?? '' },
    });
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server.destroy();
    await database.drop();
  });

  /** The document as a fresh load from the database would build it. */
  function reloadFromStore(stored: StoredDocumentContent): Y.Doc {
    const doc = new Y.Doc();
    for (const blob of [stored.state, ...stored.updates]) if (blob) Y.applyUpdate(doc, blob.data);
    return doc;
  }

  /** Waits until `condition` holds, polling; fails after `timeoutMs`. */
  async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('keeps an update another node logged but never relayed, and shows it to clients here', async () => {
    const documentId = (
      await buildDocument(server.storage, LOCAL_USER_ID, { content: paragraphsDoc('Utkast') })
    ).id;
    const client = connectLocalUser(server, documentId);
    clients.push(client);
    await client.synced;

    // The other node's client typed at the end, and that node logged it, then died.
    const elsewhere = new Y.Doc();
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(client.ydoc));
    const before = Y.encodeStateVector(elsewhere);
    insertText(elsewhere, flattenText(elsewhere).text.length, ' från nod B');
    await server.storage.updates.append(documentId, Y.encodeStateAsUpdate(elsewhere, before));

    // A client here types; its store folds the database into the state row.
    insertText(client.ydoc, 0, 'Nod A: ');
    await client.allAcked();
    await server.engine.persistence.storeAll();

    const stored = await server.storage.updates.load(documentId);
    expect(stored.updates).toEqual([]);
    expect(flattenText(reloadFromStore(stored)).text).toBe('Nod A: Utkast från nod B');
    // The fold applied what memory lacked to the live document, so the client here has it too.
    await until(
      () => flattenText(client.ydoc).text === 'Nod A: Utkast från nod B',
      'the other node’s update to reach the client',
    );
  });

  it('skips while another node folds, unless it holds a server change, which waits its turn', async () => {
    const documentId = (
      await buildDocument(server.storage, LOCAL_USER_ID, { content: paragraphsDoc('Text') })
    ).id;
    const client = connectLocalUser(server, documentId);
    clients.push(client);
    await client.synced;
    const live = server.engine.hocuspocus.documents.get(documentId);
    if (!live) throw new Error('the document is not loaded');
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    try {
      // Another node is folding this document: its transaction holds the fold lock.
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [FOLD_LOCK, documentId]);

      // A client's edit is in the log, where the other node's fold finds it: this one skips.
      insertText(client.ydoc, 0, 'Klient: ');
      await client.allAcked();
      expect(await server.engine.persistence.storeAll()).toBe(true);
      expect(await server.storage.updates.pendingCount(documentId)).toBe(1);

      // A change made on the server (as accepting a proposal does) is in no log: this node must
      // store it itself, so it waits for the lock instead of skipping.
      live.transact(() => insertText(live, 0, 'Server: '));
      let stored = false;
      const storing = server.engine.persistence.storeAll().then((ok) => {
        stored = ok;
      });
      await other.query('SELECT pg_sleep(0.3)');
      expect(stored).toBe(false);
      await other.query('COMMIT');
      await storing;
      expect(stored).toBe(true);
    } finally {
      await other.end();
    }
    expect(await server.storage.updates.pendingCount(documentId)).toBe(0);
    expect(flattenText(reloadFromStore(await server.storage.updates.load(documentId))).text).toBe(
      'Server: Klient: Text',
    );
  });

  it('logs an update relayed from another node, so a node never acks what only its memory holds', async () => {
    const other = await startTestServer({
      config: { postgresUrl: database.url, redisUrl: services?.redisUrl ?? '' },
    });
    try {
      const documentId = (
        await buildDocument(server.storage, LOCAL_USER_ID, { content: paragraphsDoc('Start') })
      ).id;
      const here = connectLocalUser(server, documentId);
      const there = connectLocalUser(other, documentId);
      clients.push(here, there);
      await Promise.all([here.synced, there.synced]);
      const before = await server.storage.updates.pendingCount(documentId);

      insertText(here.ydoc, 0, 'Här: ');
      await here.allAcked();
      await until(
        () => flattenText(there.ydoc).text === 'Här: Start',
        'the edit to reach the other node',
      );
      // One row from the node whose client typed (before its ack), one from the node it was
      // relayed to; applying both changes nothing more than one, and the next fold removes both.
      let rows = before;
      for (let tries = 0; tries < 100 && rows < before + 2; tries += 1) {
        rows = await server.storage.updates.pendingCount(documentId);
        if (rows < before + 2) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(rows).toBe(before + 2);
      await server.engine.persistence.storeAll();
      expect(await server.storage.updates.pendingCount(documentId)).toBe(0);
      expect(flattenText(reloadFromStore(await server.storage.updates.load(documentId))).text).toBe(
        'Här: Start',
      );
    } finally {
      await other.destroy();
    }
  });
});
