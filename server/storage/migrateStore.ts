import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type pg from 'pg';
import * as Y from 'yjs';
import { checksum } from './checksum.ts';
import { openPool, redactUrl } from './postgres/openPool.ts';
import { postgresMigrations } from './postgres/migrations.ts';
import { toNumber } from './postgres/sql.ts';
import { newestVersion, SCHEMA_VERSION_SQL } from './schemaMigrations.ts';
import { migrations as sqliteMigrations } from './sqlite/migrations.ts';
import { DATABASE_FILE } from './sqlite/openDatabase.ts';

/**
 * Every table, parents before children, so that each row's foreign keys already exist when it
 * is inserted. A table the source has but this list lacks stops the move: copying only what we
 * know would lose the rest silently.
 */
export const TABLES_IN_ORDER = [
  'users',
  'documents',
  'memberships',
  'document_state',
  'document_updates',
  'settings',
  'sessions',
  'invitations',
  'password_resets',
  'audit_log',
  'threads',
  'comments',
  'notifications',
  'versions',
  'thread_events',
  'proposals',
] as const;

/**
 * Identity columns, and the SQLite AUTOINCREMENT counter behind each. PostgreSQL must hand out
 * numbers above every one SQLite ever gave, not just above those still stored: compaction
 * deletes log rows, and a new update numbered at or below a state row's covers_seq would be
 * skipped when the document is loaded.
 */
const IDENTITIES = [
  { table: 'document_updates', column: 'seq' },
  { table: 'audit_log', column: 'id' },
  { table: 'thread_events', column: 'id' },
] as const;

/**
 * Rows per INSERT. PostgreSQL takes at most 65 535 parameters per statement, and the widest
 * table has 23 columns; 500 rows stays well inside that and keeps each statement small.
 */
const BATCH_ROWS = 500;

/** Bytes of blob data per INSERT, so that a batch of large states does not balloon memory. */
const BATCH_BYTES = 16 * 1024 * 1024;

/** Why the move could not start, or did not verify. Nothing was committed on the target. */
export class MigrateStoreError extends Error {
  override name = 'MigrateStoreError';
}

/** What the move copied and checked. */
export interface MigrateStoreReport {
  sourceFile: string;
  target: string;
  schemaVersion: number;
  tables: { table: string; source: number; target: number }[];
  /** Documents whose state, rebuilt from the target, equals the one rebuilt from the source. */
  documentsVerified: number;
}

type Row = Record<string, unknown>;

/** The SQLite file a `sqlite:<path>` names: the file itself, or remiss.sqlite in the folder. */
export function sqliteFileOf(location: string): string {
  const stat = fs.statSync(location, { throwIfNoEntry: false });
  if (!stat) throw new MigrateStoreError(`${location} does not exist`);
  return stat.isDirectory() ? path.join(location, DATABASE_FILE) : location;
}

function openSource(file: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new MigrateStoreError(`cannot open ${file}: ${String(error)}`);
  }
  try {
    const integrity = db.pragma('quick_check', { simple: true });
    if (integrity !== 'ok') throw new MigrateStoreError(`${file} fails its integrity check`);
    const newest = newestVersion(sqliteMigrations);
    const row = db.prepare<[], { version: number | null }>(SCHEMA_VERSION_SQL).get();
    if (row?.version !== newest) {
      throw new MigrateStoreError(
        `${file} has schema version ${row?.version ?? 0}, this Remiss has ${newest}. Start this ` +
          'version of Remiss on it once (it migrates at start-up), stop it, and move it then.',
      );
    }
    return db;
  } catch (error) {
    db.close();
    if (error instanceof MigrateStoreError) throw error;
    throw new MigrateStoreError(`cannot read ${file}: ${String(error)}`);
  }
}

function sourceTables(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>(
      `SELECT name FROM sqlite_master WHERE type = 'table'
       AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'`,
    )
    .all()
    .map((row) => row.name);
}

function columnsOf(db: Database.Database, table: string): string[] {
  return db
    .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
    .all()
    .map((row) => row.name);
}

/**
 * Rows fetched at a time while comparing a table's contents: enough to keep round trips few,
 * small enough that a table of large states does not fill memory.
 */
const VERIFY_FETCH_ROWS = 200;

/** One value as comparable text: blobs as hex, numbers (and pg's BIGINT strings) as digits. */
function normalise(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Uint8Array) return `blob:${Buffer.from(value).toString('hex')}`;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
    return `value:${value}`;
  }
  // Neither store returns anything else for this schema; refuse rather than compare badly.
  throw new MigrateStoreError(`cannot compare a value of type ${typeof value}`);
}

function hashRow(hash: Hash, columns: readonly string[], row: Row): void {
  hash.update(JSON.stringify(columns.map((column) => normalise(row[column]))));
  hash.update('\n');
}

/**
 * SHA-256 of every value of every row of `table`, in primary-key order, on each side. Text keys
 * are ordered byte by byte on both (SQLite's BINARY, PostgreSQL's "C" collation), so equal
 * tables give equal digests.
 */
export async function tableDigests(
  source: Database.Database,
  client: pg.PoolClient,
  table: string,
): Promise<{ source: string; target: string }> {
  const info = source
    .prepare<[], { name: string; type: string; pk: number }>(
      `SELECT name, type, pk FROM pragma_table_info('${table}')`,
    )
    .all();
  const columns = info.map((column) => column.name);
  const key = info.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk);
  const sourceHash = createHash('sha256');
  for (const row of source
    .prepare<[], Row>(
      `SELECT ${columns.join(', ')} FROM ${table} ORDER BY ${key.map((c) => c.name).join(', ')}`,
    )
    .iterate()) {
    hashRow(sourceHash, columns, row);
  }
  const order = key
    .map((c) => (c.type.toUpperCase() === 'TEXT' ? `${c.name} COLLATE "C"` : c.name))
    .join(', ');
  const targetHash = createHash('sha256');
  await client.query(
    `DECLARE verify_rows NO SCROLL CURSOR FOR
     SELECT ${columns.join(', ')} FROM ${table} ORDER BY ${order}`,
  );
  for (;;) {
    const batch = await client.query<Row>(`FETCH ${VERIFY_FETCH_ROWS} FROM verify_rows`);
    for (const row of batch.rows) hashRow(targetHash, columns, row);
    if (batch.rows.length < VERIFY_FETCH_ROWS) break;
  }
  await client.query('CLOSE verify_rows');
  return { source: sourceHash.digest('hex'), target: targetHash.digest('hex') };
}

function rowBytes(row: Row): number {
  let bytes = 0;
  for (const value of Object.values(row)) {
    if (Buffer.isBuffer(value)) bytes += value.length;
    else if (typeof value === 'string') bytes += value.length;
  }
  return bytes;
}

async function insertBatch(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  rows: readonly Row[],
): Promise<void> {
  if (rows.length === 0) return;
  const values: unknown[] = [];
  const tuples = rows.map((row) => {
    const placeholders = columns.map((column) => {
      values.push(row[column] ?? null);
      return `$${values.length}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  await client.query(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`,
    values,
  );
}

/** Copies one table in rowid order, so identity columns keep the order rowid gave in SQLite. */
async function copyTable(
  source: Database.Database,
  client: pg.PoolClient,
  table: string,
): Promise<number> {
  const columns = columnsOf(source, table);
  const page = source.prepare<[number, number], Row & { _rowid: number }>(
    `SELECT rowid AS _rowid, * FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ?`,
  );
  let after = 0;
  let copied = 0;
  for (;;) {
    const rows = page.all(after, BATCH_ROWS);
    const last = rows.at(-1);
    if (!last) return copied;
    let batch: Row[] = [];
    let bytes = 0;
    for (const row of rows) {
      batch.push(row);
      bytes += rowBytes(row);
      if (bytes >= BATCH_BYTES) {
        await insertBatch(client, table, columns, batch);
        batch = [];
        bytes = 0;
      }
    }
    await insertBatch(client, table, columns, batch);
    copied += rows.length;
    after = last._rowid;
  }
}

async function advanceIdentities(source: Database.Database, client: pg.PoolClient) {
  const counters = new Map(
    source
      .prepare<[], { name: string; seq: number }>('SELECT name, seq FROM sqlite_sequence')
      .all()
      .map((row) => [row.name, row.seq]),
  );
  const coveredRow = source
    .prepare<[], { n: number | null }>('SELECT MAX(covers_seq) AS n FROM document_state')
    .get();
  for (const { table, column } of IDENTITIES) {
    const stored = source
      .prepare<[], { n: number | null }>(`SELECT MAX(${column}) AS n FROM ${table}`)
      .get();
    const highest = Math.max(
      stored?.n ?? 0,
      counters.get(table) ?? 0,
      table === 'document_updates' ? (coveredRow?.n ?? 0) : 0,
    );
    // setval(…, n, true): the next number handed out is n + 1. A sequence cannot be set to 0.
    await client.query(`SELECT setval(pg_get_serial_sequence($1, $2), $3, $4)`, [
      table,
      column,
      Math.max(highest, 1),
      highest > 0,
    ]);
  }
}

/** The Yjs state a document's stored rows rebuild, as one update, or a reason it cannot. */
function rebuild(blobs: { data: Uint8Array; checksum: string }[]): Uint8Array | string {
  const ydoc = new Y.Doc();
  try {
    for (const blob of blobs) {
      if (checksum(blob.data) !== blob.checksum) return 'a stored row fails its checksum';
      Y.applyUpdate(ydoc, blob.data);
    }
    return Y.encodeStateAsUpdate(ydoc);
  } catch (error) {
    return `it does not decode: ${String(error)}`;
  } finally {
    ydoc.destroy();
  }
}

function sourceBlobs(db: Database.Database, documentId: string) {
  const state = db
    .prepare<[string], { state: Buffer; checksum: string; covers_seq: number }>(
      'SELECT state, checksum, covers_seq FROM document_state WHERE document_id = ?',
    )
    .get(documentId);
  const updates = db
    .prepare<[string, number], { data: Buffer; checksum: string }>(
      'SELECT data, checksum FROM document_updates WHERE document_id = ? AND seq > ? ORDER BY seq',
    )
    .all(documentId, state?.covers_seq ?? 0);
  return [
    ...(state ? [{ data: new Uint8Array(state.state), checksum: state.checksum }] : []),
    ...updates.map((row) => ({ data: new Uint8Array(row.data), checksum: row.checksum })),
  ];
}

async function targetBlobs(client: pg.PoolClient, documentId: string) {
  const state = (
    await client.query<{ state: Buffer; checksum: string; covers_seq: string }>(
      'SELECT state, checksum, covers_seq FROM document_state WHERE document_id = $1',
      [documentId],
    )
  ).rows[0];
  const updates = await client.query<{ data: Buffer; checksum: string }>(
    `SELECT data, checksum FROM document_updates
     WHERE document_id = $1 AND seq > $2 ORDER BY seq`,
    [documentId, state ? toNumber(state.covers_seq) : 0],
  );
  return [
    ...(state ? [{ data: new Uint8Array(state.state), checksum: state.checksum }] : []),
    ...updates.rows.map((row) => ({ data: new Uint8Array(row.data), checksum: row.checksum })),
  ];
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/**
 * Moves everything from the SQLite database at `sourceLocation` (its folder or the file) into
 * the empty PostgreSQL database at `targetUrl`, in one transaction, and verifies it before the
 * commit: the row count and a digest of the values of every table, and every document's text,
 * rebuilt from each side's state row and log, must be the same. On any problem it rolls back and throws
 * MigrateStoreError, leaving the target as it was (its schema aside) and the source untouched.
 */
export async function migrateStore(
  sourceLocation: string,
  targetUrl: string,
  options: { schema?: string } = {},
): Promise<MigrateStoreReport> {
  const sourceFile = sqliteFileOf(sourceLocation);
  const source = openSource(sourceFile);
  let pool: pg.Pool | null = null;
  try {
    const tables = sourceTables(source);
    const unknown = tables.filter(
      (table) => !(TABLES_IN_ORDER as readonly string[]).includes(table),
    );
    if (unknown.length > 0) {
      throw new MigrateStoreError(
        `the source has tables this version cannot move: ${unknown.join(', ')}`,
      );
    }
    pool = await openPool(targetUrl, options.schema ? { schema: options.schema } : {});
    const client = await pool.connect();
    try {
      // Serializable: the target is checked empty and filled in one snapshot, so a server that
      // starts on it meanwhile cannot slip rows in between.
      await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
      try {
        for (const table of TABLES_IN_ORDER) {
          const existing = await client.query<{ n: number }>(
            `SELECT COUNT(*)::int AS n FROM ${table}`,
          );
          if ((existing.rows[0]?.n ?? 0) > 0) {
            throw new MigrateStoreError(
              `the target already holds data (table ${table}); migrate-store only fills an ` +
                'empty database, so nothing there is overwritten',
            );
          }
        }
        // One snapshot of the source too, in case a server still writes to it.
        source.exec('BEGIN');
        const report: MigrateStoreReport = {
          sourceFile,
          target: redactUrl(targetUrl),
          schemaVersion: newestVersion(postgresMigrations),
          tables: [],
          documentsVerified: 0,
        };
        for (const table of TABLES_IN_ORDER) {
          if (!tables.includes(table)) continue;
          try {
            await copyTable(source, client, table);
          } catch (error) {
            // Say which table: PostgreSQL's own message (say, about a NUL character, which
            // SQLite stores in text and PostgreSQL refuses) does not.
            const reason = error instanceof Error ? error.message : String(error);
            throw new MigrateStoreError(
              `copying table ${table} failed, nothing was committed: ${reason}`,
            );
          }
        }
        await advanceIdentities(source, client);

        const problems: string[] = [];
        for (const table of TABLES_IN_ORDER) {
          const sourceCount = tables.includes(table)
            ? (source.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).get()?.n ??
              0)
            : 0;
          const target = await client.query<{ n: number }>(
            `SELECT COUNT(*)::int AS n FROM ${table}`,
          );
          const targetCount = target.rows[0]?.n ?? 0;
          report.tables.push({ table, source: sourceCount, target: targetCount });
          if (sourceCount !== targetCount) {
            problems.push(
              `${table}: ${sourceCount} rows in the source, ${targetCount} in the target`,
            );
          } else if (tables.includes(table)) {
            const digests = await tableDigests(source, client, table);
            if (digests.source !== digests.target) {
              problems.push(`${table}: the same number of rows, but their values differ`);
            }
          }
        }
        const documents = source
          .prepare<[], { id: string }>('SELECT id FROM documents ORDER BY id')
          .all();
        for (const { id } of documents) {
          const before = rebuild(sourceBlobs(source, id));
          const after = rebuild(await targetBlobs(client, id));
          if (typeof before === 'string') problems.push(`document ${id} in the source: ${before}`);
          else if (typeof after === 'string')
            problems.push(`document ${id} in the target: ${after}`);
          else if (!sameBytes(before, after)) problems.push(`document ${id}: the texts differ`);
          else report.documentsVerified += 1;
        }
        source.exec('COMMIT');
        if (problems.length > 0) {
          throw new MigrateStoreError(
            `verification failed, nothing was committed:\n  ${problems.join('\n  ')}`,
          );
        }
        await client.query('COMMIT');
        return report;
      } catch (error) {
        if (source.inTransaction) source.exec('ROLLBACK');
        await client.query('ROLLBACK');
        throw error;
      }
    } finally {
      client.release();
    }
  } finally {
    source.close();
    await pool?.end();
  }
}
