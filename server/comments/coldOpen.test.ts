import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DATABASE_FILE } from '../storage/sqlite/openDatabase.ts';
import { PostgresStorage } from '../storage/postgres/PostgresStorage.ts';
import { SqliteStorage } from '../storage/sqlite/SqliteStorage.ts';
import type { Storage } from '../storage/types.ts';
import { connectLocalUser, type TestClient } from '../test/collabClient.ts';
import {
  buildPerson,
  buildTextDocument,
  call,
  expectError,
  listThreads,
  quoteTarget,
  startThread,
  waitFor,
  type Person,
} from '../test/commentFixtures.ts';
import { countedLoads, type CountedLoads } from '../test/countedLoads.ts';
import { makeTempDir, startTestServer, type TestServer } from '../test/startTestServer.ts';
import { createTestDatabase, postgresTestUrl, type TestDatabase } from '../test/testPostgres.ts';
import { deleteText, insertText } from '../test/yEdits.ts';

const P1 = 'The committee shall publish its report before the end of the year.';
const P2 = 'Municipalities may apply for a grant.';
/** Flat offset (see flattenText) of `text` in P2. */
const inP2 = (text: string) => P1.length + 1 + P2.indexOf(text);

/** One store to run the file on, and how to damage a stored state row behind its back. */
interface Store {
  name: string;
  open(dataDir: string): Promise<Storage>;
  /** Sets the document's state checksum; resolves with the one it had. */
  setChecksum(dataDir: string, documentId: string, checksum: string): Promise<string>;
  close(): Promise<void>;
}

const sqlite: Store = {
  name: 'SQLite',
  open: async (dataDir) => SqliteStorage.open(dataDir),
  setChecksum: async (dataDir, documentId, checksum) => {
    const db = new Database(path.join(dataDir, DATABASE_FILE));
    try {
      const row = db
        .prepare<[string], { checksum: string }>(
          'SELECT checksum FROM document_state WHERE document_id = ?',
        )
        .get(documentId);
      db.prepare('UPDATE document_state SET checksum = ? WHERE document_id = ?').run(
        checksum,
        documentId,
      );
      return row?.checksum ?? '';
    } finally {
      db.close();
    }
  },
  close: async () => undefined,
};

function postgres(adminUrl: string): Store {
  let database: TestDatabase | null = null;
  let pool: pg.Pool | null = null;
  return {
    name: 'PostgreSQL',
    open: async () => {
      database = await createTestDatabase(adminUrl);
      pool = new pg.Pool({ connectionString: database.url, max: 1 });
      return PostgresStorage.open(database.url);
    },
    setChecksum: async (_dataDir, documentId, checksum) => {
      if (!pool) throw new Error('the PostgreSQL store is not open');
      const before = await pool.query<{ checksum: string }>(
        'SELECT checksum FROM document_state WHERE document_id = $1',
        [documentId],
      );
      await pool.query('UPDATE document_state SET checksum = $1 WHERE document_id = $2', [
        checksum,
        documentId,
      ]);
      return before.rows[0]?.checksum ?? '';
    },
    close: async () => {
      await pool?.end();
      await database?.drop();
    },
  };
}

const adminUrl = postgresTestUrl();
const stores = [sqlite, ...(adminUrl === null ? [] : [postgres(adminUrl)])];

describe.each(stores)('opening a document on $name', (store) => {
  let server: TestServer;
  let counted: CountedLoads;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    const dataDir = makeTempDir();
    counted = countedLoads(await store.open(dataDir));
    server = await startTestServer({ dataDir, storage: counted.storage });
  });
  afterEach(() => {
    counted.release();
    for (const client of clients.splice(0)) client.destroy();
  });
  afterAll(async () => {
    await server.destroy();
    await store.close();
  });

  /** A document of two paragraphs, not loaded, with a commenter's thread on a passage of P2. */
  async function draft(): Promise<{ documentId: string; commenter: Person }> {
    const documentId = await buildTextDocument(server.storage, server.owner.id, P1, P2);
    const commenter = await buildPerson(server, documentId, 'commenter');
    await startThread(server, commenter, documentId, {
      target: quoteTarget('apply for a grant'),
      body: 'Vilka kommuner?',
    });
    await server.comments.letGo(documentId);
    expect(server.engine.hocuspocus.documents.has(documentId)).toBe(false);
    return { documentId, commenter };
  }

  function editor(documentId: string): TestClient {
    const client = connectLocalUser(server, documentId);
    clients.push(client);
    return client;
  }

  it('loads the document once for a thread list and a socket opened at the same moment, and loses no edit', async () => {
    const { documentId, commenter } = await draft();
    const before = counted.loads(documentId);

    // The thread list's load is held half-way; the socket opens meanwhile.
    counted.hold();
    const listing = listThreads(server, commenter, documentId);
    await waitFor(() => counted.waiting === 1, 5_000, 'the thread list to load the document');
    const socket = editor(documentId);
    counted.release();
    const [thread] = await listing;
    await socket.synced;
    expect(thread?.anchor).toMatchObject({ status: 'anchored', exact: 'apply for a grant' });
    expect(counted.loads(documentId)).toBe(before + 1);

    // Both read one live copy: an edit on the socket is in the next list, and in what is stored.
    insertText(socket.ydoc, inP2('grant'), 'large ');
    await socket.allAcked();
    expect((await listThreads(server, commenter, documentId))[0]?.anchor.exact).toBe(
      'apply for a large grant',
    );
    expect(counted.loads(documentId)).toBe(before + 1);
    // Acknowledged means stored: a fresh load from the store has it.
    const stored = await server.storage.updates.load(documentId);
    const reloaded = new Y.Doc();
    for (const blob of [...(stored.state ? [stored.state] : []), ...stored.updates]) {
      Y.applyUpdate(reloaded, blob.data);
    }
    expect(JSON.stringify(reloaded.getXmlFragment('default').toJSON())).toContain(
      'apply for a large grant',
    );
  });

  it('reads the threads only once the document is loaded, so a thread stored meanwhile is listed', async () => {
    // The app does not ask again when its socket syncs, trusting that a list asked for after the
    // socket was let in holds every change not told to that socket (see readListing).
    const { documentId, commenter } = await draft();
    const [first] = await server.storage.threads.listForDocument(documentId);
    const [firstComment] = await server.storage.comments.listForDocument(documentId);
    if (!first || !firstComment) throw new Error('the draft has no thread');

    counted.hold();
    const listing = listThreads(server, commenter, documentId);
    await waitFor(() => counted.waiting === 1, 5_000, 'the thread list to load the document');
    // Another node stores a thread on the same passage while this one loads the document.
    const later = new Date(Date.parse(first.createdAt) + 1_000).toISOString();
    const id = randomUUID();
    await server.storage.threads.create(
      { ...first, id, createdAt: later, updatedAt: later },
      { ...firstComment, id: randomUUID(), threadId: id, body: 'Från en annan nod.' },
    );
    counted.release();

    const threads = await listing;
    expect(threads.map((thread) => thread.id)).toEqual([first.id, id]);
    expect(threads[1]?.comments.map((comment) => comment.body)).toEqual(['Från en annan nod.']);
  });

  it('reads the rows once for thread lists asked for together, and shows each reader its own', async () => {
    const { documentId, commenter } = await draft();
    const owner = await buildPerson(server, documentId, 'owner');
    const others = await Promise.all(
      Array.from({ length: 6 }, () => buildPerson(server, documentId, 'commenter')),
    );
    // A hidden comment: only the owner sees its body; the rows are the same for everyone.
    const [thread] = await server.storage.threads.listForDocument(documentId);
    const [comment] = await server.storage.comments.listForDocument(documentId);
    if (!thread || !comment) throw new Error('the draft has no thread');
    const now = new Date().toISOString();
    await server.storage.comments.setHidden(
      comment.id,
      { at: now, by: owner.user.id, reason: 'Utanför ämnet.' },
      now,
    );
    const before = counted.threadListings(documentId);

    // A workshop opening the draft together: every list is asked for while the document loads.
    counted.hold();
    const lists = [commenter, owner, ...others].map((person) =>
      listThreads(server, person, documentId),
    );
    await waitFor(() => counted.waiting === 1, 5_000, 'the first list to load the document');
    await new Promise((resolve) => setTimeout(resolve, 300));
    counted.release();
    const [forCommenter, forOwner, ...forOthers] = await Promise.all(lists);

    // Fewer reads than lists (one, unless a request came after the rows were being read).
    const reads = counted.threadListings(documentId) - before;
    expect(reads).toBeGreaterThanOrEqual(1);
    expect(reads).toBeLessThan(lists.length);
    // Each as their own reader: the owner sees the body and the reason, the author the reason,
    // everyone else neither.
    const hidden = (list: typeof forOwner) => {
      const shown = list?.[0]?.comments[0];
      return { body: shown?.body, reason: shown?.hidden?.reason };
    };
    expect(hidden(forOwner)).toEqual({ body: 'Vilka kommuner?', reason: 'Utanför ämnet.' });
    expect(hidden(forCommenter)).toEqual({ body: '', reason: 'Utanför ämnet.' });
    for (const list of forOthers) {
      expect(hidden(list)).toEqual({ body: '', reason: '' });
      expect(list?.map((shown) => shown.id)).toEqual([thread.id]);
    }
  });

  it('keeps the document loaded after a thread list, so a socket opening just after does not load it again', async () => {
    const { documentId, commenter } = await draft();
    const before = counted.loads(documentId);
    await listThreads(server, commenter, documentId);
    expect(counted.loads(documentId)).toBe(before + 1);
    const socket = editor(documentId);
    await socket.synced;
    expect(counted.loads(documentId)).toBe(before + 1);
    // A second list, with no edit in between, is answered from the same state.
    await listThreads(server, commenter, documentId);
    expect(counted.loads(documentId)).toBe(before + 1);
  });

  it('places a thread anew after every edit, never from before it', async () => {
    const { documentId, commenter } = await draft();
    const socket = editor(documentId);
    await socket.synced;
    const anchor = async () => (await listThreads(server, commenter, documentId))[0]?.anchor;
    expect(await anchor()).toMatchObject({ exact: 'apply for a grant' });
    expect(await anchor()).toMatchObject({ exact: 'apply for a grant' });

    // Text typed before the passage moves it: its context is the new text.
    insertText(socket.ydoc, inP2('Municipalities'), 'Small ');
    await socket.allAcked();
    const moved = await anchor();
    expect(moved?.exact).toBe('apply for a grant');
    expect(moved?.prefix.endsWith('Small Municipalities may ')).toBe(true);

    // Typed inside it, the passage grows.
    const at = P1.length + 1 + 'Small '.length + P2.indexOf('grant');
    insertText(socket.ydoc, at, 'large ');
    await socket.allAcked();
    expect((await anchor())?.exact).toBe('apply for a large grant');

    // An edit that only deletes changes it too.
    deleteText(socket.ydoc, at, at + 'large '.length);
    await socket.allAcked();
    expect((await anchor())?.exact).toBe('apply for a grant');
  });

  it('answers 503 to requests made during a failing load, keeps nothing loaded and stores nothing', async () => {
    const { documentId, commenter } = await draft();
    const rows = await server.storage.updates.load(documentId);
    const checksum = await store.setChecksum(server.dataDir, documentId, 'damaged');

    counted.hold();
    const first = call(server, commenter, 'GET', `/documents/${documentId}/threads`);
    await waitFor(() => counted.waiting === 1, 5_000, 'the first request to load the document');
    const second = call(server, commenter, 'POST', `/documents/${documentId}/threads`, {
      target: quoteTarget('publish'),
      body: 'Under tiden',
    });
    counted.release();
    for (const response of await Promise.all([first, second])) {
      const { details } = await expectError(response, 503, 'unavailable');
      expect(details).toEqual({ reason: 'document-load-failed' });
    }
    expect(server.engine.hocuspocus.documents.has(documentId)).toBe(false);
    expect(await server.storage.threads.listForDocument(documentId)).toHaveLength(1);
    expect(await server.storage.updates.load(documentId)).toEqual({
      ...rows,
      state: rows.state && { ...rows.state, checksum: 'damaged' },
    });

    // Repaired, it loads again: the failure was never kept in place of the document.
    await store.setChecksum(server.dataDir, documentId, checksum);
    expect((await listThreads(server, commenter, documentId))[0]?.anchor.exact).toBe(
      'apply for a grant',
    );
  });
});
