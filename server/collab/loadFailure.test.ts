import fs from 'node:fs';
import path from 'node:path';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
  AuthenticationFailed,
  AuthorizationFailed,
  DocumentLoadFailed,
  DocumentNotFound,
} from '../../shared/closeCodes.ts';
import { YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import { COLLAB_TOKEN_TTL_SECONDS } from '../../shared/limits.ts';
import { ensureSystemUser } from '../auth/systemUser.ts';
import { contentToYUpdate } from '../editor/contentToYUpdate.ts';
import { schema } from '../editor/schema.ts';
import { checksum } from '../storage/checksum.ts';
import { DATABASE_FILE } from '../storage/sqlite/openDatabase.ts';
import { SqliteStorage } from '../storage/sqlite/SqliteStorage.ts';
import { connectClient, connectLocalUser, type TestClient } from '../test/collabClient.ts';
import { buildUser, LOCAL_USER_ID } from '../test/factories.ts';
import { makeTempDir, startTestServer, type TestServer } from '../test/startTestServer.ts';

let server: TestServer | null = null;
const clients: TestClient[] = [];
const tempDirs: string[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server?.destroy();
  server = null;
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const HEALTHY_ID = 'healthy';
const BROKEN_ID = 'broken';

function paragraphs(...texts: string[]): Uint8Array {
  return contentToYUpdate({
    type: 'doc',
    content: texts.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
  });
}

/** An update that appends a paragraph to a document whose state is `base`. */
function appendParagraph(base: Uint8Array, text: string): Uint8Array {
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, base);
  const before = Y.encodeStateVector(ydoc);
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  ydoc.getXmlFragment(YJS_FRAGMENT).push([paragraph]);
  const update = Y.encodeStateAsUpdate(ydoc, before);
  ydoc.destroy();
  return update;
}

/**
 * A stopped installation with two documents, each stored as a state row plus one log entry, as a
 * server leaves them when it stops before compacting.
 */
async function seedStoppedInstallation(): Promise<string> {
  const dataDir = makeTempDir();
  tempDirs.push(dataDir);
  const storage = SqliteStorage.open(dataDir);
  // Owned by the built-in system account; the test server's owner is a site admin and may open
  // every document.
  const owner = await ensureSystemUser(storage.users);
  for (const id of [HEALTHY_ID, BROKEN_ID]) {
    const initialState = paragraphs(`Första stycket i ${id}.`);
    await storage.documents.create({ id, title: id, ownerId: owner.id, initialState });
    await storage.updates.append(id, appendParagraph(initialState, `Andra stycket i ${id}.`));
  }
  await storage.close();
  return dataDir;
}

type Table = 'document_state' | 'document_updates';
const blobColumn = { document_state: 'state', document_updates: 'data' } as const;

interface RawRow {
  blob: Buffer;
  checksum: string;
}

function withDatabase<T>(dataDir: string, use: (db: Database.Database) => T): T {
  const db = new Database(path.join(dataDir, DATABASE_FILE));
  try {
    return use(db);
  } finally {
    db.close();
  }
}

function readRow(dataDir: string, table: Table, documentId: string): RawRow {
  return withDatabase(dataDir, (db) => {
    const row = db
      .prepare<[string], RawRow>(
        `SELECT ${blobColumn[table]} AS blob, checksum FROM ${table} WHERE document_id = ?`,
      )
      .get(documentId);
    if (!row) throw new Error(`no ${table} row for ${documentId}`);
    return row;
  });
}

function writeRow(dataDir: string, table: Table, documentId: string, row: RawRow): void {
  withDatabase(dataDir, (db) => {
    const result = db
      .prepare(`UPDATE ${table} SET ${blobColumn[table]} = ?, checksum = ? WHERE document_id = ?`)
      .run(row.blob, row.checksum, documentId);
    expect(result.changes).toBe(1);
  });
}

function textOf(ydoc: Y.Doc): string {
  return yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(YJS_FRAGMENT), schema).textContent;
}

/** A client whose refusals and syncs the test can inspect. */
interface WatchedClient {
  client: TestClient;
  failures: string[];
  wasSynced: () => boolean;
}

function watch(connect: (onAuthenticationFailed: (reason: string) => void) => TestClient) {
  const failures: string[] = [];
  const client = connect((reason) => failures.push(reason));
  clients.push(client);
  let synced = false;
  void client.synced.then(() => {
    synced = true;
  });
  const watched: WatchedClient = { client, failures, wasSynced: () => synced };
  return watched;
}

function connectWithToken(target: TestServer, documentId: string, token: string): WatchedClient {
  return watch((onAuthenticationFailed) =>
    connectClient(target.url, documentId, () => token, { onAuthenticationFailed }),
  );
}

/** Waits for the refusal, then gives a wrongly sent sync a moment to arrive. */
async function expectRefused(watched: WatchedClient, reason: string): Promise<void> {
  await vi.waitFor(() => expect(watched.failures).toEqual([reason]), { timeout: 5_000 });
  await new Promise((resolve) => setTimeout(resolve, 150));
  expect(watched.failures).toEqual([reason]);
  expect(watched.wasSynced()).toBe(false);
  expect(watched.client.ydoc.getXmlFragment(YJS_FRAGMENT).length).toBe(0);
}

/**
 * Flips the case of one letter inside the stored text. The bytes still decode as a valid Yjs
 * update, into a subtly wrong document; only the checksum can tell.
 */
function changeOneLetter(blob: Buffer): Buffer {
  const changed = Buffer.from(blob);
  const at = changed.indexOf('stycket');
  expect(at).toBeGreaterThanOrEqual(0);
  changed[at] = (changed[at] ?? 0) ^ 0x20;
  const probe = new Y.Doc();
  expect(() => Y.applyUpdate(probe, changed)).not.toThrow();
  probe.destroy();
  return changed;
}

const corruptions: {
  name: string;
  table: Table;
  corrupt: (row: RawRow) => RawRow;
}[] = [
  {
    name: 'a state row with one letter of its text silently changed',
    table: 'document_state',
    corrupt: (row) => ({ blob: changeOneLetter(row.blob), checksum: row.checksum }),
  },
  {
    name: 'a log entry with one letter of its text silently changed',
    table: 'document_updates',
    corrupt: (row) => ({ blob: changeOneLetter(row.blob), checksum: row.checksum }),
  },
  {
    name: 'a state row with a matching checksum that is not a Yjs update (a torn write)',
    table: 'document_state',
    corrupt: (row) => {
      const blob = row.blob.subarray(0, Math.floor(row.blob.length / 2));
      return { blob, checksum: checksum(blob) };
    },
  },
  {
    name: 'a log entry with a matching checksum that is not a Yjs update',
    table: 'document_updates',
    corrupt: () => {
      const blob = Buffer.from('not a yjs update', 'utf8');
      return { blob, checksum: checksum(blob) };
    },
  },
];

describe('loading a damaged document', () => {
  it.each(corruptions)(
    'refuses $name with document-load-failed and leaves the row untouched',
    async ({ table, corrupt }) => {
      const dataDir = await seedStoppedInstallation();
      const damaged = corrupt(readRow(dataDir, table, BROKEN_ID));
      writeRow(dataDir, table, BROKEN_ID, damaged);

      const first = await startTestServer({ dataDir });
      server = first;
      const broken = connectWithToken(
        first,
        BROKEN_ID,
        first.tokens.issue(LOCAL_USER_ID, BROKEN_ID).token,
      );
      await expectRefused(broken, DocumentLoadFailed.reason);
      expect(readRow(dataDir, table, BROKEN_ID)).toEqual(damaged);

      // One damaged document does not take the others down.
      const healthy = connectLocalUser(first, HEALTHY_ID);
      clients.push(healthy);
      await healthy.synced;
      expect(textOf(healthy.ydoc)).toBe(
        `Första stycket i ${HEALTHY_ID}.Andra stycket i ${HEALTHY_ID}.`,
      );

      // Shutting down stores every loaded document; the damaged one was never loaded.
      await first.destroy();
      server = null;
      expect(readRow(dataDir, table, BROKEN_ID)).toEqual(damaged);

      // A restart refuses it again rather than starting it over empty.
      const second = await startTestServer({ dataDir });
      server = second;
      const again = connectWithToken(
        second,
        BROKEN_ID,
        second.tokens.issue(LOCAL_USER_ID, BROKEN_ID).token,
      );
      await expectRefused(again, DocumentLoadFailed.reason);
      await second.destroy();
      server = null;
      expect(readRow(dataDir, table, BROKEN_ID)).toEqual(damaged);
    },
  );
});

describe('refused connections', () => {
  async function startWithDocument(): Promise<TestServer> {
    const started = await startTestServer();
    server = started;
    await started.storage.documents.create({
      id: HEALTHY_ID,
      title: 'Test',
      ownerId: LOCAL_USER_ID,
      initialState: paragraphs('Hemlig text.'),
    });
    return started;
  }

  it('refuses a document that does not exist', async () => {
    const target = await startWithDocument();
    const watched = connectWithToken(
      target,
      'no-such-document',
      target.tokens.issue(LOCAL_USER_ID, 'no-such-document').token,
    );
    await expectRefused(watched, DocumentNotFound.reason);
    expect(await target.storage.documents.get('no-such-document')).toBeNull();
  });

  it('refuses a token issued for another document', async () => {
    const target = await startWithDocument();
    const watched = connectWithToken(
      target,
      HEALTHY_ID,
      target.tokens.issue(LOCAL_USER_ID, 'some-other-document').token,
    );
    await expectRefused(watched, AuthorizationFailed.reason);
  });

  it('refuses a signed token for an account that does not exist', async () => {
    const target = await startWithDocument();
    const watched = connectWithToken(
      target,
      HEALTHY_ID,
      target.tokens.issue('deleted-account', HEALTHY_ID).token,
    );
    await expectRefused(watched, AuthenticationFailed.reason);
  });

  it('refuses an account that is not a member of the document', async () => {
    const target = await startWithDocument();
    const outsider = await buildUser(target.storage);
    const watched = connectWithToken(
      target,
      HEALTHY_ID,
      target.tokens.issue(outsider.id, HEALTHY_ID).token,
    );
    await expectRefused(watched, AuthorizationFailed.reason);
  });

  it('refuses a forged token', async () => {
    const target = await startWithDocument();
    // Take a genuine token for another document and rewrite its claims to point at this one.
    const [version, payload = '', signature] = target.tokens
      .issue(LOCAL_USER_ID, 'some-other-document')
      .token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as object;
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, doc: HEALTHY_ID })).toString(
      'base64url',
    );
    const forged = [version, forgedPayload, signature].join('.');
    const watched = connectWithToken(target, HEALTHY_ID, forged);
    await expectRefused(watched, AuthenticationFailed.reason);
  });

  it('refuses a token signed by another installation', async () => {
    const target = await startWithDocument();
    const other = await startTestServer();
    const foreign = other.tokens.issue(LOCAL_USER_ID, HEALTHY_ID).token;
    await other.destroy();
    const watched = connectWithToken(target, HEALTHY_ID, foreign);
    await expectRefused(watched, AuthenticationFailed.reason);
  });

  it('refuses an expired token', async () => {
    const target = await startWithDocument();
    const issuedAt = Date.now() - (COLLAB_TOKEN_TTL_SECONDS + 1) * 1000;
    const expired = target.tokens.issue(LOCAL_USER_ID, HEALTHY_ID, issuedAt).token;
    const watched = connectWithToken(target, HEALTHY_ID, expired);
    await expectRefused(watched, AuthenticationFailed.reason);
  });

  it.each([
    ['a token that is not a token at all', 'v1.bm9wZQ.nope'],
    ['neither a token nor a session cookie', ''],
  ])('refuses %s', async (_name, token) => {
    const target = await startWithDocument();
    const watched = connectWithToken(target, HEALTHY_ID, token);
    await expectRefused(watched, AuthenticationFailed.reason);
  });
});
