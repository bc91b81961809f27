import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { projectRoot } from '../projectRoot.ts';
import { PostgresStorage } from '../storage/postgres/PostgresStorage.ts';
import { DATABASE_FILE } from '../storage/sqlite/openDatabase.ts';
import { TABLES_IN_ORDER, tableDigests } from '../storage/migrateStore.ts';
import { openPool } from '../storage/postgres/openPool.ts';
import { SqliteStorage } from '../storage/sqlite/SqliteStorage.ts';
import type { Storage } from '../storage/types.ts';
import { connectLocalUser, type TestClient } from '../test/collabClient.ts';
import {
  buildPerson,
  buildTextDocument,
  listThreads,
  quoteTarget,
  reply,
  startThread,
  type Person,
} from '../test/commentFixtures.ts';
import { LOCAL_USER_ID } from '../test/factories.ts';
import { makeTempDir, startTestServer, type TestServer } from '../test/startTestServer.ts';
import {
  createTestDatabase,
  POSTGRES_SKIP_REASON,
  postgresTestUrl,
  type TestDatabase,
} from '../test/testPostgres.ts';
import { insertText } from '../test/yEdits.ts';

interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `server/cli/migrateStore.ts` in its own process, as `npm run migrate-store` runs it. */
function runMigrateStore(args: string[]): Promise<CommandResult> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['INIT_CWD'];
  delete env['DATABASE_URL'];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/cli/migrateStore.ts', ...args],
    { cwd: projectRoot(), env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The text a store holds for a document, rebuilt as a load would. */
async function storedText(storage: Storage, documentId: string): Promise<unknown> {
  const content = await storage.updates.load(documentId);
  const ydoc = new Y.Doc();
  if (content.state) Y.applyUpdate(ydoc, content.state.data);
  for (const update of content.updates) Y.applyUpdate(ydoc, update.data);
  const json = ydoc.getXmlFragment('default').toJSON();
  ydoc.destroy();
  return json;
}

/** What the API shows the owner, for comparing one server with another. */
async function apiView(server: TestServer, documentId: string) {
  const get = async (route: string) => {
    const response = await server.request(`/api${route}`);
    expect(response.status, route).toBe(200);
    return (await response.json()) as unknown;
  };
  const owner: Person = { user: server.owner, cookie: server.ownerCookie };
  return {
    documents: await get('/documents'),
    document: await get(`/documents/${documentId}`),
    members: await get(`/documents/${documentId}/members`),
    users: await get('/users'),
    versions: await get(`/documents/${documentId}/versions`),
    threads: await listThreads(server, owner, documentId),
  };
}

const adminUrl = postgresTestUrl();

if (adminUrl === null) it.skip(POSTGRES_SKIP_REASON, () => undefined);

describe.skipIf(adminUrl === null)('npm run migrate-store', () => {
  const databases: TestDatabase[] = [];
  const tempDirs: string[] = [];
  let sourceDir = '';
  let documentId = '';
  let viewBefore: Awaited<ReturnType<typeof apiView>>;
  let textBefore: unknown;
  const cleanups: (() => Promise<void>)[] = [];

  function sourceCount(table: string): number {
    const db = new Database(path.join(sourceDir, DATABASE_FILE), { readonly: true });
    try {
      return db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).get()?.n ?? 0;
    } finally {
      db.close();
    }
  }

  async function database(): Promise<TestDatabase> {
    const created = await createTestDatabase(adminUrl ?? '');
    databases.push(created);
    return created;
  }

  beforeAll(async () => {
    sourceDir = makeTempDir('remiss-migrate-source-');
    tempDirs.push(sourceDir);
    const server = await startTestServer({ dataDir: sourceDir });
    let editor: TestClient | null = null;
    try {
      const owner: Person = { user: server.owner, cookie: server.ownerCookie };
      documentId = await buildTextDocument(
        server.storage,
        LOCAL_USER_ID,
        'Myndigheten ska publicera sin rapport.',
        'Remissvar lämnas senast i maj.',
      );
      await buildPerson(server, documentId, 'commenter', {
        name: 'Åsa Öberg',
        organisation: 'Region Östergötland',
      });
      editor = connectLocalUser(server, documentId);
      await editor.synced;
      insertText(editor.ydoc, 'Myndigheten ska publicera sin rapport'.length, ' varje år');
      await editor.allAcked();
      const thread = await startThread(server, owner, documentId, {
        target: quoteTarget('varje år'),
        body: 'Räcker det inte vartannat år?',
        stance: 'question',
      });
      await reply(server, owner, thread.id, { body: 'Nej, lagen kräver varje år.' });
      const version = await server.request(`/api/documents/${documentId}/versions`, {
        method: 'POST',
        body: JSON.stringify({ name: 'Remissversion', note: 'Skickas ut' }),
      });
      expect(version.status).toBe(201);
      // Compact, so the source's log has been folded into its state row and the log's counter
      // is ahead of the rows still stored; then one more edit that stays in the log.
      expect(await server.engine.persistence.storeAll()).toBe(true);
      insertText(editor.ydoc, 0, 'Utkast: ');
      await editor.allAcked();
    } finally {
      editor?.destroy();
      await server.destroy();
    }
    // What the app shows on SQLite, read from a copy so that the source stays as it was left.
    const copy = makeTempDir('remiss-migrate-copy-');
    tempDirs.push(copy);
    fs.copyFileSync(path.join(sourceDir, DATABASE_FILE), path.join(copy, DATABASE_FILE));
    const reader = await startTestServer({ dataDir: copy });
    try {
      viewBefore = await apiView(reader, documentId);
      textBefore = await storedText(reader.storage, documentId);
    } finally {
      await reader.destroy();
    }
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  afterAll(async () => {
    for (const created of databases) await created.drop();
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('moves documents, threads, versions and users, and the app shows the same data', async () => {
    const target = await database();
    // The test server trusts loopback, so a password is accepted and must never be printed.
    const withPassword = new URL(target.url);
    withPassword.password = 'hemligt';
    const result = await runMigrateStore([
      '--from',
      `sqlite:${sourceDir}`,
      '--to',
      withPassword.toString(),
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ {2}threads +1 → 1$/m);
    expect(result.stdout).toMatch(/^ {2}comments +2 → 2$/m);
    expect(result.stdout).toMatch(/^ {2}versions +1 → 1$/m);
    expect(result.stdout).toContain(
      'every table holds the same rows, and 1 documents have the same text',
    );
    expect(result.stdout).toMatch(new RegExp(`^ {2}users +${sourceCount('users')} → `, 'm'));
    expect(result.stdout).not.toContain('hemligt');

    const storage = await PostgresStorage.open(target.url);
    const server = await startTestServer({ storage });
    cleanups.push(() => server.destroy());
    expect(await apiView(server, documentId)).toEqual(viewBefore);
    expect(await storedText(storage, documentId)).toEqual(textBefore);

    // Editing goes on where it stopped: a new edit is numbered after everything already
    // folded into the state row, so it is not skipped when the document is next loaded.
    const editor = connectLocalUser(server, documentId);
    cleanups.push(async () => editor.destroy());
    await editor.synced;
    insertText(editor.ydoc, 0, 'Nytt: ');
    await editor.allAcked();
    const content = await storage.updates.load(documentId);
    expect(content.updates.length).toBeGreaterThan(0);
    for (const update of content.updates) {
      expect(update.seq).toBeGreaterThan(content.state?.coversSeq ?? 0);
    }
    expect(JSON.stringify(await storedText(storage, documentId))).toContain('Nytt: Utkast: ');
  });

  it('refuses a target that already holds data, and changes nothing there', async () => {
    const target = await database();
    const first = await runMigrateStore(['--from', `sqlite:${sourceDir}`, '--to', target.url]);
    expect(first.code, first.stderr).toBe(0);
    const again = await runMigrateStore([
      `--from=sqlite:${path.join(sourceDir, DATABASE_FILE)}`,
      `--to=${target.url}`,
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds data/);
    const storage = await PostgresStorage.open(target.url);
    cleanups.push(() => storage.close());
    expect(await storage.users.count()).toBe(sourceCount('users'));
    expect(await storage.threads.listForDocument(documentId)).toHaveLength(1);
  });

  it('commits nothing when a document does not verify, and says which', async () => {
    const broken = makeTempDir('remiss-migrate-broken-');
    tempDirs.push(broken);
    fs.copyFileSync(path.join(sourceDir, DATABASE_FILE), path.join(broken, DATABASE_FILE));
    const db = new Database(path.join(broken, DATABASE_FILE));
    db.prepare('UPDATE document_state SET state = ?').run(Buffer.from([1, 2, 3]));
    db.close();

    const target = await database();
    const result = await runMigrateStore(['--from', `sqlite:${broken}`, '--to', target.url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`document ${documentId} in the source`);
    expect(result.stderr).toContain('nothing was committed');
    const storage = await PostgresStorage.open(target.url);
    cleanups.push(() => storage.close());
    expect(await storage.users.count()).toBe(0);
    expect(await storage.documents.count()).toBe(0);
  });

  it('names the table it could not copy, and commits nothing', async () => {
    const odd = makeTempDir('remiss-migrate-nul-');
    tempDirs.push(odd);
    fs.copyFileSync(path.join(sourceDir, DATABASE_FILE), path.join(odd, DATABASE_FILE));
    const db = new Database(path.join(odd, DATABASE_FILE));
    // SQLite keeps a NUL character in text; PostgreSQL refuses one.
    db.prepare('UPDATE comments SET body = ?').run('före\u0000efter');
    db.close();

    const target = await database();
    const result = await runMigrateStore(['--from', `sqlite:${odd}`, '--to', target.url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/copying table comments failed, nothing was committed/);
    const storage = await PostgresStorage.open(target.url);
    cleanups.push(() => storage.close());
    expect(await storage.users.count()).toBe(0);
  });

  it('explains its usage, and refuses arguments it cannot use', async () => {
    const swapped = await runMigrateStore([
      '--from',
      'postgres://db.example.se/remiss',
      '--to',
      `sqlite:${sourceDir}`,
    ]);
    expect(swapped.code).toBe(2);
    expect(swapped.stderr).toContain('--from sqlite:<path> --to <postgres url>');
    const missing = await runMigrateStore([
      '--from',
      'sqlite:/no/such/folder',
      '--to',
      'postgres://db.example.se/remiss',
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/does not exist/);
  });

  it('tells tables apart that hold the same number of rows with different values', async () => {
    const dir = makeTempDir('remiss-migrate-digest-');
    tempDirs.push(dir);
    const sqlite = SqliteStorage.open(dir);
    const user = {
      id: 'u1',
      email: 'anna@example.org',
      name: 'Anna',
      organisation: 'Kommunen',
      passwordHash: null,
      isAdmin: false,
    };
    await sqlite.users.create(user);
    await sqlite.close();
    const target = await database();
    const pool = await openPool(target.url);
    const source = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    const client = await pool.connect();
    try {
      const createdAt = source
        .prepare<[], { created_at: string }>('SELECT created_at FROM users')
        .get()?.created_at;
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO users (id, email, name, organisation, password_hash, is_admin, created_at)
         VALUES ('u1', 'anna@example.org', 'Anna', 'Kommunen', NULL, 0, $1)`,
        [createdAt],
      );
      const same = await tableDigests(source, client, 'users');
      expect(same.target).toBe(same.source);
      await client.query("UPDATE users SET name = 'Anne'");
      const different = await tableDigests(source, client, 'users');
      expect(different.target).not.toBe(different.source);
      await client.query('ROLLBACK');
    } finally {
      client.release();
      source.close();
      await pool.end();
    }
  });

  it('copies every table the SQLite schema has', () => {
    const db = new Database(path.join(sourceDir, DATABASE_FILE), { readonly: true });
    const tables = db
      .prepare<[], { name: string }>(
        `SELECT name FROM sqlite_master WHERE type = 'table'
         AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name`,
      )
      .all()
      .map((row) => row.name);
    db.close();
    expect([...TABLES_IN_ORDER].sort()).toEqual(tables);
  });
});
