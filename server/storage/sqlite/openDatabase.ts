import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrations, type Migration } from './migrations.ts';

/** File name of the SQLite database inside DATA_DIR. */
export const DATABASE_FILE = 'remiss.sqlite';

/** Why the database could not be opened, in words an operator can act on. */
export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
}

/**
 * Opens (creating if needed) the SQLite database in `dataDir`, checks that it is readable, and
 * brings its schema up to date. Refuses to start on a corrupt file, or on a database written by a
 * newer version of Remiss, rather than risk writing over data it does not understand.
 */
export function openDatabase(
  dataDir: string,
  list: readonly Migration[] = migrations,
): Database.Database {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DATABASE_FILE);
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    // WAL lets readers (exports, the API) run while an edit is being written. synchronous=FULL
    // makes every commit survive a power cut, not just a process crash: an edit is acknowledged
    // only after its commit, so the commit must really be on disk.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const integrity = db.pragma('quick_check', { simple: true });
    if (integrity !== 'ok') {
      throw new DatabaseOpenError(`integrity check failed: ${String(integrity)}`);
    }
    migrate(db, list);
    return db;
  } catch (error) {
    // Release the file, so the process can exit cleanly and another attempt is not locked out.
    db?.close();
    if (error instanceof DatabaseOpenError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseOpenError(
      `Cannot open the database at ${file}: ${reason}. The file was left untouched ` +
        '(a failed schema change is rolled back). Restore it from a backup, or point DATA_DIR ' +
        'at another folder.',
    );
  }
}

function migrate(db: Database.Database, list: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as {
    version: number | null;
  };
  const current = row.version ?? 0;
  const newest = list.reduce((max, migration) => Math.max(max, migration.version), 0);
  if (current > newest) {
    throw new DatabaseOpenError(
      `The database has schema version ${current}, but this version of Remiss knows only up to ` +
        `${newest}. It was written by a newer Remiss; run that version, or restore a backup.`,
    );
  }
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  for (const migration of list) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    })();
  }
}
