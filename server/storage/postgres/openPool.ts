import pg from 'pg';
import { DatabaseOpenError } from '../DatabaseOpenError.ts';
import {
  pendingMigrations,
  RECORD_MIGRATION_SQL,
  SCHEMA_MIGRATIONS_TABLE_SQL,
  SCHEMA_VERSION_SQL,
  toMigrationParams,
  type Migration,
} from '../schemaMigrations.ts';
import { postgresMigrations } from './migrations.ts';
import { positional } from './sql.ts';

/**
 * Connections each Remiss process keeps open to PostgreSQL. Appends of edits share one (they
 * are written in groups, see PostgresUpdateLog), and a server runs few long queries, so ten
 * serve many writers; several nodes together must stay under the server's max_connections
 * (100 by default).
 */
export const POSTGRES_POOL_SIZE = 10;

/**
 * How long a query may wait for a free connection before it fails. Bounded so that a stalled
 * database turns into errors (and a 503 from health) instead of a queue that grows without end.
 */
export const POSTGRES_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Key of the advisory lock held while migrating, so that two nodes starting together apply each
 * migration once: the second waits, then finds nothing left to do. Any fixed number works; this
 * one spells "remiss" in ASCII.
 */
const MIGRATION_LOCK_KEY = 0x72656d697373;

/** Options for {@link openPool}. */
export interface OpenPoolOptions {
  /**
   * Schema to keep every table in, created if missing; tests use one per test. Without it the
   * tables go where the role's search_path puts them (normally `public`), as the operator set up.
   */
  schema?: string;
  migrations?: readonly Migration[];
}

/** The URL with any password replaced, for error messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * Connects to PostgreSQL at `url`, checks that it answers, and brings the schema up to date.
 * Refuses a database written by a newer Remiss, as the SQLite store does.
 */
export async function openPool(url: string, options: OpenPoolOptions = {}): Promise<pg.Pool> {
  const { schema } = options;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`invalid schema name ${schema}`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: POSTGRES_POOL_SIZE,
    connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
    // Every connection works in the one schema, so the queries need no qualified names.
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that
  // would crash the process. The next query gets a fresh connection and reports any failure.
  pool.on('error', () => undefined);
  try {
    await migrate(pool, schema, options.migrations ?? postgresMigrations);
    return pool;
  } catch (error) {
    await pool.end();
    if (error instanceof DatabaseOpenError) throw error;
    throw new DatabaseOpenError(
      `Cannot open the PostgreSQL database at ${redactUrl(url)}: ${describe(error)}. Check ` +
        'DATABASE_URL, that the server is running, and that the user may create tables in ' +
        'the database (a failed schema change is rolled back).',
    );
  }
}

/**
 * The reason an error gives. Node reports a refused connection to a name with several addresses
 * (localhost: ::1 and 127.0.0.1) as an AggregateError with an empty message and one error each.
 */
function describe(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') {
    return error.errors.map((inner: unknown) => describe(inner)).join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}

async function migrate(
  pool: pg.Pool,
  schema: string | undefined,
  list: readonly Migration[],
): Promise<void> {
  const client = await pool.connect();
  try {
    // A session lock, held across the per-migration transactions below and released at the end.
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(SCHEMA_MIGRATIONS_TABLE_SQL);
      const row = await client.query<{ version: number | null }>(SCHEMA_VERSION_SQL);
      for (const migration of pendingMigrations(list, row.rows[0]?.version ?? 0)) {
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query(positional(RECORD_MIGRATION_SQL, toMigrationParams(migration)));
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}
