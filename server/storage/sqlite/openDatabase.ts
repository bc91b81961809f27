import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIN_FREE_DISK_BYTES, SQLITE_BUSY_TIMEOUT_MS } from '../../../shared/limits.ts';
import { DatabaseOpenError } from '../DatabaseOpenError.ts';
import {
  pendingMigrations,
  RECORD_MIGRATION_SQL,
  SCHEMA_MIGRATIONS_TABLE_SQL,
  SCHEMA_VERSION_SQL,
  toMigrationParams,
  type Migration,
} from '../schemaMigrations.ts';
import { migrations } from './migrations.ts';

/** File name of the SQLite database inside DATA_DIR. */
export const DATABASE_FILE = 'remiss.sqlite';

// Still importable from here, where it was first declared.
export { DatabaseOpenError } from '../DatabaseOpenError.ts';

/** SQLite result codes that mean the file is damaged or is not a database at all. */
const DAMAGED = /^SQLITE_(CORRUPT|NOTADB)/;
/** SQLite result codes that mean the disk (or the shared-memory file beside the WAL) is full. */
const FULL = /^SQLITE_(FULL|IOERR_SHMSIZE)$/;

/**
 * Opens (creating if needed) the SQLite database in `dataDir`, checks that it is readable, and
 * brings its schema up to date. Refuses to start on a corrupt file, on a full disk, or on a
 * database written by a newer version of Remiss, rather than risk writing over data it does not
 * understand or taking edits it cannot store. The message names the file and what to do.
 *
 * The check at start is `PRAGMA quick_check`: it reads every page and checks the b-tree
 * structure, but not that each index matches its table. On a 1 GB database it took 4–5 s, where
 * `integrity_check` took 12.5 s (docs/reliability.md); start-up time matters after a crash.
 */
export function openDatabase(
  dataDir: string,
  list: readonly Migration[] = migrations,
): Database.Database {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DATABASE_FILE);
  refuseFullDisk(dataDir, file);
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    // WAL lets readers (exports, the API) run while an edit is being written. synchronous=FULL
    // makes every commit survive a power cut, not just a process crash: an edit is acknowledged
    // only after its commit, so the commit must really be on disk.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Short, because a synchronous wait freezes the event loop; see SQLITE_BUSY_TIMEOUT_MS.
    db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    const integrity = db.pragma('quick_check', { simple: true });
    if (integrity !== 'ok') throw new DatabaseOpenError(damaged(file, String(integrity)));
    migrate(db, list);
    return db;
  } catch (error) {
    // Release the file, so the process can exit cleanly and another attempt is not locked out.
    db?.close();
    if (error instanceof DatabaseOpenError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    const code = sqliteCode(error);
    if (DAMAGED.test(code)) throw new DatabaseOpenError(damaged(file, reason));
    if (FULL.test(code)) throw new DatabaseOpenError(diskFull(file, reason));
    throw new DatabaseOpenError(
      `Cannot open the database at ${file}: ${reason}. The file was left untouched ` +
        '(a failed schema change is rolled back). Restore it from a backup, or point DATA_DIR ' +
        'at another folder.',
    );
  }
}

function damaged(file: string, reason: string): string {
  return (
    `The database at ${file} is damaged (${reason}). Remiss did not start and left the file ` +
    'untouched. Keep a copy of it, restore the latest backup in its place (docs/operations.md, ' +
    '"Restore"), and start again.'
  );
}

function diskFull(file: string, reason: string): string {
  return (
    `The disk holding the database at ${file} is full (${reason}). Remiss did not start and ` +
    `wrote nothing. Free space on that disk (at least ${MIN_FREE_DISK_BYTES / 1024 / 1024} MiB), ` +
    'or move DATA_DIR to a larger disk, and start again.'
  );
}

/** Refuses to open on a disk with less than MIN_FREE_DISK_BYTES free. */
function refuseFullDisk(dataDir: string, file: string): void {
  const stats = fs.statfsSync(dataDir);
  const free = stats.bavail * stats.bsize;
  if (free < MIN_FREE_DISK_BYTES) {
    throw new DatabaseOpenError(diskFull(file, `${Math.floor(free / 1024)} KiB free`));
  }
}

/** The SQLite result code of a better-sqlite3 error, or '' for any other error. */
function sqliteCode(error: unknown): string {
  if (typeof error !== 'object' || error === null || !('code' in error)) return '';
  return typeof error.code === 'string' ? error.code : '';
}

function migrate(db: Database.Database, list: readonly Migration[]): void {
  db.exec(SCHEMA_MIGRATIONS_TABLE_SQL);
  const row = db.prepare<[], { version: number | null }>(SCHEMA_VERSION_SQL).get();
  const record = db.prepare(RECORD_MIGRATION_SQL);
  for (const migration of pendingMigrations(list, row?.version ?? 0)) {
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(toMigrationParams(migration));
    })();
  }
}
