import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { makeTempDir } from '../../test/startTestServer.ts';
import { checksum } from '../checksum.ts';
import { migrations, type Migration } from './migrations.ts';
import { DATABASE_FILE, DatabaseOpenError, openDatabase } from './openDatabase.ts';
import { SqliteStorage } from './SqliteStorage.ts';

const tempDirs: string[] = [];
const opened: SqliteStorage[] = [];

afterEach(async () => {
  for (const storage of opened.splice(0)) await storage.close();
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = makeTempDir('remiss-sqlite-test-');
  tempDirs.push(dir);
  return dir;
}

function open(dir: string): SqliteStorage {
  const storage = SqliteStorage.open(dir);
  opened.push(storage);
  return storage;
}

async function closeAll(): Promise<void> {
  for (const storage of opened.splice(0)) await storage.close();
}

function databaseFile(dir: string): string {
  return path.join(dir, DATABASE_FILE);
}

interface MigrationRow {
  version: number;
  name: string;
  applied_at: string;
}

function appliedMigrations(storage: SqliteStorage): MigrationRow[] {
  return storage.db
    .prepare<[], MigrationRow>('SELECT version, name, applied_at FROM schema_migrations ORDER BY 1')
    .all();
}

function tableNames(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1",
    )
    .all()
    .map((row) => row.name);
}

/** A small Yjs update that inserts `text` into a fresh document's `probe` text. */
function textUpdate(text: string): Uint8Array {
  const ydoc = new Y.Doc();
  ydoc.getText('probe').insert(0, text);
  const update = Y.encodeStateAsUpdate(ydoc);
  ydoc.destroy();
  return update;
}

async function createDocument(storage: SqliteStorage, id: string, initialState: Uint8Array) {
  await storage.users.ensure({
    id: 'owner',
    email: 'agare@example.org',
    name: 'Ägare',
    organisation: 'Myndigheten',
    passwordHash: null,
    isAdmin: false,
  });
  return storage.documents.create({ id, title: id, ownerId: 'owner', initialState });
}

describe('opening the database', () => {
  it('creates the schema in an empty data directory, in WAL mode', () => {
    const dir = path.join(tempDir(), 'not-yet-created');
    const storage = open(dir);
    expect(fs.existsSync(databaseFile(dir))).toBe(true);
    expect(appliedMigrations(storage).map((row) => row.version)).toEqual(
      migrations.map((migration) => migration.version),
    );
    expect(tableNames(storage.db)).toEqual(
      expect.arrayContaining(['documents', 'document_updates', 'document_state', 'users']),
    );
    expect(storage.db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('keeps data and does not re-run migrations on restart', async () => {
    const dir = tempDir();
    const first = open(dir);
    await createDocument(first, 'doc-1', textUpdate('hej'));
    const seq = await first.updates.append('doc-1', textUpdate('då'));
    const migrationsBefore = appliedMigrations(first);
    await closeAll();

    const second = open(dir);
    expect(appliedMigrations(second)).toEqual(migrationsBefore);
    expect((await second.documents.get('doc-1'))?.title).toBe('doc-1');
    const content = await second.updates.load('doc-1');
    expect(content.updates.map((update) => update.seq)).toEqual([seq]);
  });

  it('applies only new migrations, and rolls a failing one back completely', async () => {
    const dir = tempDir();
    open(dir);
    await closeAll();
    const newest = Math.max(...migrations.map((migration) => migration.version));
    const added: Migration = {
      version: newest + 1,
      name: 'a later migration',
      sql: 'CREATE TABLE later (id INTEGER PRIMARY KEY);',
    };
    const broken: Migration = {
      version: newest + 2,
      name: 'a broken migration',
      sql: 'CREATE TABLE half_done (id INTEGER); INSERT INTO no_such_table VALUES (1);',
    };

    const db = openDatabase(dir, [...migrations, added]);
    expect(tableNames(db)).toContain('later');
    db.close();
    expect(() => openDatabase(dir, [...migrations, added, broken])).toThrow(DatabaseOpenError);
    expect(() => openDatabase(dir, [...migrations, added, broken])).toThrow(/no_such_table/);

    const check = new Database(databaseFile(dir), { readonly: true });
    try {
      const versions = check
        .prepare<[], { version: number }>('SELECT version FROM schema_migrations ORDER BY 1')
        .all()
        .map((row) => row.version);
      expect(versions).toEqual([...migrations.map((migration) => migration.version), newest + 1]);
      expect(tableNames(check)).not.toContain('half_done');
    } finally {
      check.close();
    }
  });

  it('refuses a database written by a newer version, and leaves it as it was', async () => {
    const dir = tempDir();
    const storage = open(dir);
    await createDocument(storage, 'doc-1', textUpdate('hej'));
    storage.db
      .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
      .run(9999, 'from the future', new Date().toISOString());
    await closeAll();
    const before = fs.readFileSync(databaseFile(dir));

    expect(() => SqliteStorage.open(dir)).toThrow(DatabaseOpenError);
    expect(() => SqliteStorage.open(dir)).toThrow(/schema version 9999.*newer Remiss/);
    expect(fs.readFileSync(databaseFile(dir)).equals(before)).toBe(true);
  });

  it('refuses a file that is not a database, names it, and leaves it byte-identical', () => {
    const dir = tempDir();
    const garbage = randomBytes(64 * 1024);
    fs.writeFileSync(databaseFile(dir), garbage);

    let error: unknown = null;
    try {
      SqliteStorage.open(dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DatabaseOpenError);
    const message = error instanceof Error ? error.message : '';
    expect(message).toContain(databaseFile(dir));
    expect(message).toMatch(/not a database/);
    expect(message).toMatch(/backup/);
    expect(fs.readFileSync(databaseFile(dir)).equals(garbage)).toBe(true);
  });

  it('refuses a database whose pages are damaged, and leaves it byte-identical', async () => {
    const dir = tempDir();
    const storage = open(dir);
    await createDocument(storage, 'doc-1', textUpdate('hej'));
    await closeAll();
    const bytes = fs.readFileSync(databaseFile(dir));
    // Keep the header page, so the file still looks like SQLite; damage everything after it.
    const pageSize = bytes.readUInt16BE(16);
    randomBytes(bytes.length - pageSize).copy(bytes, pageSize);
    fs.writeFileSync(databaseFile(dir), bytes);

    expect(() => SqliteStorage.open(dir)).toThrow(DatabaseOpenError);
    expect(fs.readFileSync(databaseFile(dir)).equals(bytes)).toBe(true);
  });
});

describe('the update log', () => {
  it('returns the initial state and every appended update, in order, with checksums', async () => {
    const storage = open(tempDir());
    const initial = textUpdate('start');
    await createDocument(storage, 'doc-1', initial);
    const appended = [textUpdate('ett'), textUpdate('två'), textUpdate('tre')];
    const seqs: number[] = [];
    for (const update of appended) seqs.push(await storage.updates.append('doc-1', update));
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(3);

    const content = await storage.updates.load('doc-1');
    expect(content.state?.coversSeq).toBe(0);
    expect(content.state?.data).toEqual(initial);
    expect(content.state?.checksum).toBe(checksum(initial));
    expect(content.updates.map((update) => update.seq)).toEqual(seqs);
    expect(content.updates.map((update) => update.data)).toEqual(appended);
    for (const update of content.updates) expect(update.checksum).toBe(checksum(update.data));
    expect(await storage.updates.pendingCount('doc-1')).toBe(3);
  });

  it('stores exactly the bytes of an update that is a view into a larger buffer', async () => {
    const storage = open(tempDir());
    await createDocument(storage, 'doc-1', textUpdate(''));
    const update = textUpdate('mitt i');
    const backing = new Uint8Array(update.length + 20).fill(0xee);
    backing.set(update, 10);
    const view = backing.subarray(10, 10 + update.length);

    await storage.updates.append('doc-1', view);
    const [stored] = (await storage.updates.load('doc-1')).updates;
    expect(stored?.data).toEqual(update);
    expect(stored?.checksum).toBe(checksum(update));
  });

  it('compaction replaces the state and deletes only entries up to coversSeq', async () => {
    const storage = open(tempDir());
    await createDocument(storage, 'doc-1', textUpdate(''));
    await createDocument(storage, 'doc-2', textUpdate(''));
    const seqs: number[] = [];
    for (let i = 0; i < 5; i += 1)
      seqs.push(await storage.updates.append('doc-1', textUpdate(`${i}`)));
    const otherSeq = await storage.updates.append('doc-2', textUpdate('annat'));
    const coversSeq = seqs[2] ?? 0;
    const state = textUpdate('hopslagen');

    await storage.updates.compact('doc-1', state, coversSeq);

    const content = await storage.updates.load('doc-1');
    expect(content.state?.data).toEqual(state);
    expect(content.state?.coversSeq).toBe(coversSeq);
    expect(content.state?.checksum).toBe(checksum(state));
    expect(content.updates.map((update) => update.seq)).toEqual(seqs.slice(3));
    expect(await storage.updates.pendingCount('doc-1')).toBe(2);
    // Another document's log is not touched, even where its seqs are lower.
    expect((await storage.updates.load('doc-2')).updates.map((update) => update.seq)).toEqual([
      otherSeq,
    ]);
  });

  it('a late compaction covering less never replaces a newer state', async () => {
    const storage = open(tempDir());
    await createDocument(storage, 'doc-1', textUpdate(''));
    const seqs: number[] = [];
    for (let i = 0; i < 4; i += 1)
      seqs.push(await storage.updates.append('doc-1', textUpdate(`${i}`)));
    const newer = textUpdate('nyare');
    const older = textUpdate('äldre');

    await storage.updates.compact('doc-1', newer, seqs[3] ?? 0);
    await storage.updates.compact('doc-1', older, seqs[1] ?? 0);

    const content = await storage.updates.load('doc-1');
    expect(content.state?.data).toEqual(newer);
    expect(content.state?.coversSeq).toBe(seqs[3]);
    expect(content.updates).toEqual([]);
  });

  it('what the log holds rebuilds the document after a restart', async () => {
    const dir = tempDir();
    const first = open(dir);
    const ydoc = new Y.Doc();
    await createDocument(first, 'doc-1', Y.encodeStateAsUpdate(ydoc));
    ydoc.on('update', (update: Uint8Array) => {
      void first.updates.append('doc-1', update);
    });
    const text = ydoc.getText('probe');
    text.insert(0, 'Remissvar ');
    text.insert(text.length, 'från kommunen');
    text.delete(0, 'Remissvar '.length);
    await closeAll();

    const second = open(dir);
    const content = await second.updates.load('doc-1');
    const rebuilt = new Y.Doc();
    if (content.state) Y.applyUpdate(rebuilt, content.state.data);
    for (const update of content.updates) Y.applyUpdate(rebuilt, update.data);
    expect(rebuilt.getText('probe').toJSON()).toBe('från kommunen');
  });

  it('checkWritable succeeds on a healthy database and fails once it is closed', async () => {
    const storage = open(tempDir());
    await expect(storage.checkWritable()).resolves.toBeUndefined();
    await closeAll();
    await expect(storage.checkWritable()).rejects.toThrow();
  });
});
