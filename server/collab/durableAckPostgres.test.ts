import fs from 'node:fs';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PostgresStorage } from '../storage/postgres/PostgresStorage.ts';
import {
  freePort,
  startChildServer,
  TEST_ADMIN,
  type StartedChildServer,
} from '../test/childServer.ts';
import { connectClient, connectLocalUser, type TestClient } from '../test/collabClient.ts';
import { buildTextDocument, waitFor } from '../test/commentFixtures.ts';
import { LOCAL_USER_ID } from '../test/factories.ts';
import { makeTempDir, startTestServer, type TestServer } from '../test/startTestServer.ts';
import {
  createTestDatabase,
  POSTGRES_SKIP_REASON,
  postgresTestUrl,
  type TestDatabase,
} from '../test/testPostgres.ts';
import { insertText } from '../test/yEdits.ts';

/** The document's text as PostgreSQL has committed it, read over a connection of our own. */
async function committedText(observer: pg.Pool, documentId: string): Promise<string> {
  const state = await observer.query<{ state: Buffer; covers_seq: string }>(
    'SELECT state, covers_seq FROM document_state WHERE document_id = $1',
    [documentId],
  );
  const coversSeq = state.rows[0]?.covers_seq ?? '0';
  const updates = await observer.query<{ data: Buffer }>(
    'SELECT data FROM document_updates WHERE document_id = $1 AND seq > $2 ORDER BY seq',
    [documentId, coversSeq],
  );
  const ydoc = new Y.Doc();
  for (const row of [...state.rows.map((r) => r.state), ...updates.rows.map((r) => r.data)]) {
    Y.applyUpdate(ydoc, new Uint8Array(row));
  }
  const text = JSON.stringify(ydoc.getXmlFragment('default').toJSON());
  ydoc.destroy();
  return text;
}

const adminUrl = postgresTestUrl();

if (adminUrl === null) it.skip(POSTGRES_SKIP_REASON, () => undefined);

describe.skipIf(adminUrl === null)('durable before ack, on PostgreSQL', () => {
  let database: TestDatabase;
  let observer: pg.Pool;
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(adminUrl ?? '');
    observer = new pg.Pool({ connectionString: database.url, max: 2 });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await observer.end();
    await database.drop();
  });

  it('acknowledges an edit only once its row has committed', async () => {
    const storage = await PostgresStorage.open(database.url);
    const server: TestServer = await startTestServer({ storage });
    cleanups.push(() => server.destroy());
    const documentId = await buildTextDocument(
      server.storage,
      LOCAL_USER_ID,
      'Myndigheten ska publicera sin rapport.',
    );
    const editor = connectLocalUser(server, documentId);
    cleanups.push(() => editor.destroy());
    await editor.synced;

    // Hold a lock that lets the server's INSERT into the log wait, but not commit.
    const blocker = await observer.connect();
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      await blocker.query('COMMIT');
      blocker.release();
    };
    cleanups.push(release);
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE document_updates IN SHARE MODE');

    insertText(editor.ydoc, 0, 'Väntar: ');
    // The server got the edit and its append is waiting for the lock...
    const waiting = async () => {
      const rows = await observer.query<{ n: number }>(
        `SELECT COUNT(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'
           AND query LIKE 'INSERT INTO document_updates%'`,
      );
      return (rows.rows[0]?.n ?? 0) > 0;
    };
    let blocked = false;
    const poll = setInterval(() => {
      void waiting().then((result) => (blocked ||= result));
    }, 10);
    try {
      await waitFor(() => blocked, 10_000, 'the append to wait for the lock');
    } finally {
      clearInterval(poll);
    }
    // ...so nothing is committed and the provider has no ack.
    expect(editor.provider.unsyncedChanges).toBeGreaterThan(0);
    expect(await committedText(observer, documentId)).not.toContain('Väntar: ');

    await release();
    await editor.allAcked();
    expect(await committedText(observer, documentId)).toContain('Väntar: ');

    // And for a run of edits: every ack finds its edit committed.
    for (let i = 0; i < 10; i += 1) {
      insertText(editor.ydoc, 0, `ord${i} `);
      await editor.allAcked();
      expect(await committedText(observer, documentId)).toContain(`ord${i} `);
    }
  });

  it('loses no acknowledged edit when the process is killed, and restarts on the same data', async () => {
    const port = await freePort();
    const dataDir = makeTempDir('remiss-pg-crash-');
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const options = {
      dataDir,
      port,
      admin: TEST_ADMIN,
      env: { DATABASE_URL: database.url },
    };
    let server: StartedChildServer = await startChildServer(options);
    cleanups.push(() => server.stop());
    const documentId = await server.createDocument('Remiss på PostgreSQL');
    // Nothing lands in DATA_DIR: the data is in PostgreSQL.
    expect(fs.readdirSync(dataDir)).toEqual([]);

    const writer: TestClient = connectClient(server.url, documentId, () =>
      server.collabToken(documentId),
    );
    cleanups.push(() => writer.destroy());
    await writer.synced;
    const fragment = writer.ydoc.getXmlFragment('default');
    const acked: string[] = [];
    const pending: string[] = [];
    writer.provider.on('unsyncedChanges', () => {
      if (writer.provider.unsyncedChanges !== 0) return;
      acked.push(...pending.splice(0));
    });
    let written = 0;
    const type = () => {
      const token = `tok-${String(written).padStart(4, '0')}`;
      written += 1;
      pending.push(token);
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(token)]);
      fragment.insert(fragment.length, [paragraph]);
    };
    const typing = setInterval(type, 5);
    try {
      await waitFor(() => acked.length >= 40, 20_000, '40 acknowledged tokens');
      server.kill('SIGKILL');
      await server.exited;
    } finally {
      clearInterval(typing);
    }
    const ackedBeforeKill = [...acked];
    writer.destroy();

    server = await startChildServer(options);
    const reader = connectClient(server.url, documentId, () => server.collabToken(documentId));
    cleanups.push(() => reader.destroy());
    await reader.synced;
    const text = JSON.stringify(reader.ydoc.getXmlFragment('default').toJSON());
    const lost = ackedBeforeKill.filter((token) => !text.includes(token));
    expect(lost).toEqual([]);
  });
});
