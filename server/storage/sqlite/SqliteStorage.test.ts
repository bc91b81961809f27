import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/startTestServer.ts';
import { storageSuite, textUpdate } from '../storageSuite.ts';
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

storageSuite('SQLite', {
  open: async () => {
    const dir = tempDir();
    const storage = SqliteStorage.open(dir);
    return {
      storage,
      reopen: async () => {
        await storage.close();
        return SqliteStorage.open(dir);
      },
    };
  },
});
