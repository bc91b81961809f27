import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { StorageUnavailable } from '../../shared/closeCodes.ts';
import { flattenText } from '../comments/anchors/flattenText.ts';
import { DATABASE_FILE } from '../storage/sqlite/openDatabase.ts';
import { SqliteStorage } from '../storage/sqlite/SqliteStorage.ts';
import { walFileSync, type WalSync } from '../storage/sqlite/walSync.ts';
import { connectLocalUser, type TestClient } from '../test/collabClient.ts';
import { buildDocument, LOCAL_USER_ID } from '../test/factories.ts';
import { makeTempDir, startTestServer, type TestServer } from '../test/startTestServer.ts';
import { insertText, paragraphsDoc } from '../test/yEdits.ts';

/**
 * Appends commit without flushing the WAL and are flushed off the event loop. An ack says the
 * edit is durable, so it must wait for that flush, and a flush that fails must not be acked.
 */
describe('acks wait for the WAL flush', () => {
  let dataDir: string;
  let server: TestServer;
  const clients: TestClient[] = [];
  /** How the next flushes go: the real flush, held until released, or failed. */
  let mode: 'flush' | 'hold' | 'fail' = 'flush';
  const held: (() => void)[] = [];

  beforeAll(async () => {
    dataDir = makeTempDir();
    const real = walFileSync(path.join(dataDir, DATABASE_FILE));
    const walSync: WalSync = {
      flush: (done) => {
        if (mode === 'fail') done(new Error('EIO: i/o error, fdatasync'));
        else if (mode === 'hold') held.push(() => real.flush(done));
        else real.flush(done);
      },
      close: () => real.close(),
    };
    const storage = SqliteStorage.open(dataDir, { updateLog: { walSync } });
    server = await startTestServer({ storage, dataDir });
  });
  afterAll(async () => {
    mode = 'flush';
    for (const release of held.splice(0)) release();
    for (const client of clients) client.destroy();
    await server.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /**
   * The text committed to the file, as another connection reads it (flushed or not): the state
   * row and, unless `stateOnly`, the log after it.
   */
  function committedText(documentId: string, stateOnly = false): string {
    const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
    try {
      const doc = new Y.Doc();
      const state = db
        .prepare<[string], { state: Buffer }>(
          'SELECT state FROM document_state WHERE document_id = ?',
        )
        .get(documentId);
      if (state) Y.applyUpdate(doc, state.state);
      if (stateOnly) return flattenText(doc).text;
      const rows = db
        .prepare<[string], { data: Buffer }>(
          'SELECT data FROM document_updates WHERE document_id = ? ORDER BY seq',
        )
        .all(documentId);
      for (const row of rows) Y.applyUpdate(doc, row.data);
      return flattenText(doc).text;
    } finally {
      db.close();
    }
  }

  /** Records what the file held at each moment the client's unacknowledged count reached 0. */
  function textAtEachAck(client: TestClient, documentId: string, stateOnly = false): string[] {
    const seen: string[] = [];
    client.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
      if (number === 0) seen.push(committedText(documentId, stateOnly));
    });
    return seen;
  }

  it('acks an edit only after the flush that follows its commit', async () => {
    const { id: documentId } = await buildDocument(server.storage, LOCAL_USER_ID, {
      content: paragraphsDoc('Start.'),
    });
    const client = connectLocalUser(server, documentId);
    clients.push(client);
    await client.synced;
    await client.allAcked();

    mode = 'hold';
    const acks = textAtEachAck(client, documentId);
    insertText(client.ydoc, flattenText(client.ydoc).text.length, ' Ett');
    await vi.waitFor(() => expect(held.length).toBe(1));
    // Committed, so a crash of the process keeps it; not flushed, so a power cut might not.
    expect(committedText(documentId)).toBe('Start. Ett');
    // Time for the server to have sent an ack if it were going to (it answers in milliseconds).
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(acks).toEqual([]);
    expect(client.provider.unsyncedChanges).toBeGreaterThan(0);

    mode = 'flush';
    for (const release of held.splice(0)) release();
    await client.allAcked();
    expect(acks).toEqual(['Start. Ett']);
  });

  it('never acks an edit whose flush failed, and acks it once the whole state is stored', async () => {
    const { id: documentId } = await buildDocument(server.storage, LOCAL_USER_ID, {
      content: paragraphsDoc('Start.'),
    });
    const client = connectLocalUser(server, documentId);
    clients.push(client);
    await client.synced;
    await client.allAcked();

    mode = 'fail';
    // The failed append's row did commit, so the log would show the edit; the state row shows
    // it only once compaction has stored the whole document.
    const acks = textAtEachAck(client, documentId, true);
    const closeCodes: number[] = [];
    client.socket.on('close', ({ event }: { event: { code: number } }) => {
      closeCodes.push(event.code);
    });
    insertText(client.ydoc, flattenText(client.ydoc).text.length, ' Två');
    // The server closes the socket instead of acking; the provider reconnects and resends.
    await vi.waitFor(() => expect(closeCodes).toContain(StorageUnavailable.code));

    // Appends still fail to flush; the resent edit is acked only after compaction has written
    // the whole state with its own synchronous=FULL commit.
    await client.allAcked(10_000);
    expect(acks.length).toBeGreaterThan(0);
    for (const text of acks) expect(text).toBe('Start. Två');
    const stored = await server.storage.updates.load(documentId);
    expect(stored.state).not.toBeNull();
    mode = 'flush';
  });
});
