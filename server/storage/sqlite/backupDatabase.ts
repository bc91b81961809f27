import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from './openDatabase.ts';

/** Why a backup was not written, in words an operator can act on. */
export class BackupError extends Error {
  override name = 'BackupError';
}

/** What a finished, verified backup holds. */
export interface BackupReport {
  /** Absolute path of the backup file. */
  file: string;
  bytes: number;
  /** Newest schema migration in the backup; a restore needs a Remiss that knows it. */
  schemaVersion: number;
  /** Rows per table, read back from the backup file. */
  rows: Record<string, number>;
}

// better-sqlite3 copies this many pages per step. One step for the whole file holds a single
// read transaction from start to end, so the copy is one consistent snapshot; in WAL mode that
// does not block the server's writes, whereas a copy in many small steps restarts every time
// the server commits and may never finish on a busy server.
const ALL_PAGES = 0x7fffffff;

/**
 * Writes an online backup of `DATA_DIR/remiss.sqlite` to `destination`, while the server may be
 * running and writing. Uses SQLite's backup API, which reads through the write-ahead log, so
 * acknowledged edits not yet checkpointed into the main file are included (copying the file
 * alone would miss them).
 *
 * - Never overwrites: an existing `destination` is refused, and the backup appears there only
 *   once it is complete and verified (it is written beside it under a temporary name first).
 * - Verifies: the written file is opened, passes `PRAGMA integrity_check`, and its tables are
 *   counted.
 * - The result is one self-contained file (rollback-journal mode, no `-wal` or `-shm`), readable
 *   only by its owner: it holds password hashes and the collaboration token key.
 */
export async function backupDatabase(dataDir: string, destination: string): Promise<BackupReport> {
  const source = path.join(dataDir, DATABASE_FILE);
  const target = path.resolve(destination);
  if (!fs.existsSync(source)) {
    throw new BackupError(
      `There is no database at ${source}. Set DATA_DIR to the folder the server uses.`,
    );
  }
  if (fs.existsSync(target)) {
    throw new BackupError(
      `${target} already exists. A backup never overwrites a file; name a new one.`,
    );
  }
  const folder = path.dirname(target);
  if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    throw new BackupError(`The folder ${folder} does not exist.`);
  }
  const partial = path.join(folder, `.${path.basename(target)}.partial-${process.pid}`);
  try {
    await copyDatabase(source, partial);
    const report = verifyBackup(partial);
    fs.chmodSync(partial, 0o600);
    publish(partial, target);
    return { ...report, file: target, bytes: fs.statSync(target).size };
  } finally {
    fs.rmSync(partial, { force: true });
    fs.rmSync(`${partial}-journal`, { force: true });
  }
}

async function copyDatabase(source: string, partial: string): Promise<void> {
  let db: Database.Database | undefined;
  try {
    // Read-only: the backup must not be able to change the live database in any way.
    db = new Database(source, { readonly: true, fileMustExist: true });
    // The server holds the write lock only for a moment per edit; wait rather than fail.
    db.pragma('busy_timeout = 5000');
    await db.backup(partial, { progress: () => ALL_PAGES });
  } catch (error) {
    throw new BackupError(`Could not copy ${source}: ${reasonOf(error)}`);
  } finally {
    db?.close();
  }
}

/** Opens the copy, switches it to a single self-contained file, checks it and counts its rows. */
function verifyBackup(file: string): Omit<BackupReport, 'file' | 'bytes'> {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true });
    // The copy keeps the live database's WAL mode; a backup is better as one file. The server
    // switches a restored file back to WAL when it opens it.
    db.pragma('journal_mode = DELETE');
    const integrity: unknown = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') {
      throw new BackupError(`The backup failed its integrity check: ${String(integrity)}`);
    }
    const tables = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all()
      .map((row) => row.name);
    if (!tables.includes('schema_migrations') || !tables.includes('documents')) {
      throw new BackupError('The database is not a Remiss database (it has no Remiss tables).');
    }
    const rows: Record<string, number> = {};
    for (const table of tables) {
      const counted = db
        .prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM "${table.replace(/"/g, '""')}"`)
        .get();
      rows[table] = counted?.n ?? 0;
    }
    const version = db
      .prepare<[], { version: number | null }>(
        'SELECT MAX(version) AS version FROM schema_migrations',
      )
      .get();
    return { schemaVersion: version?.version ?? 0, rows };
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`Could not verify the backup: ${reasonOf(error)}`);
  } finally {
    db?.close();
  }
}

/**
 * Gives the finished file its name without ever replacing a file that appeared there meanwhile:
 * a hard link fails if the name is taken, where a rename would overwrite it.
 */
function publish(partial: string, target: string): void {
  try {
    fs.linkSync(partial, target);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST') {
      throw new BackupError(`${target} appeared while the backup ran; it was left untouched.`);
    }
    // Some file systems have no hard links; an exclusive copy is just as safe, only slower.
    try {
      fs.copyFileSync(partial, target, fs.constants.COPYFILE_EXCL);
    } catch (copyError) {
      throw new BackupError(`Could not write ${target}: ${reasonOf(copyError)}`);
    }
  }
  syncFolder(path.dirname(target));
}

/** Makes the new directory entry itself durable, so the backup survives a power cut at once. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Not every platform can fsync a directory; the file's contents are already synced.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
