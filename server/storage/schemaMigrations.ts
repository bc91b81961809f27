import { DatabaseOpenError } from './DatabaseOpenError.ts';

/**
 * One forward-only schema change. Each store keeps its own list (sqlite/migrations.ts,
 * postgres/migrations.ts), since the SQL differs; the versions and names are the same in both.
 */
export interface Migration {
  /** Strictly increasing, starting at 1. Never renumber or edit a released migration. */
  version: number;
  name: string;
  sql: string;
}

/**
 * Where each store records the migrations it has applied. The text is SQLite's original: SQLite
 * keeps it in sqlite_master, so it stays as existing databases have it.
 */
export const SCHEMA_MIGRATIONS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`;

/** The schema version of a database: the newest migration applied, NULL before the first. */
export const SCHEMA_VERSION_SQL = 'SELECT MAX(version) AS version FROM schema_migrations';

/** Records one applied migration, in the same transaction as its SQL. */
export const RECORD_MIGRATION_SQL = `INSERT INTO schema_migrations (version, name, applied_at)
  VALUES (@version, @name, @appliedAt)`;

/** The newest version in `list`, 0 for an empty list. */
export function newestVersion(list: readonly Migration[]): number {
  return list.reduce((max, migration) => Math.max(max, migration.version), 0);
}

/**
 * The migrations of `list` that a database at schema version `current` has not applied yet, in
 * list order. Refuses a database written by a newer Remiss, rather than run on tables it does
 * not understand.
 */
export function pendingMigrations(list: readonly Migration[], current: number): Migration[] {
  const newest = newestVersion(list);
  if (current > newest) {
    throw new DatabaseOpenError(
      `The database has schema version ${current}, but this version of Remiss knows only up to ` +
        `${newest}. It was written by a newer Remiss; run that version, or restore a backup.`,
    );
  }
  return list.filter((migration) => migration.version > current);
}

/** The parameters of {@link RECORD_MIGRATION_SQL} for a migration applied now. */
export function toMigrationParams(migration: Migration): {
  version: number;
  name: string;
  appliedAt: string;
} {
  return { version: migration.version, name: migration.name, appliedAt: new Date().toISOString() };
}
