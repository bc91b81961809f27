import type pg from 'pg';
import type { SqlParams, SqlValue } from '../rows/params.ts';

/** A pool or one checked-out client: whatever runs a query. Repositories take either. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/**
 * Runs `work` inside BEGIN … COMMIT on one client of the pool, and rolls back if it throws.
 * The promise resolves only after COMMIT has returned, that is once PostgreSQL has made the
 * transaction durable (synchronous_commit is left at its default, `on`).
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const client = await pool.connect();
  // Set when the connection itself failed: such a client must not go back into the pool.
  let broken: Error | undefined;
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

// Kept importable from here for the repositories that already take them from this module.
export { bytes, toBuffer } from '../rows/bytes.ts';

/**
 * Numbers the `@name` placeholders of a statement shared with SQLite (server/storage/rows/) as
 * PostgreSQL's `$1, $2 …` and lists the values in that order. A name used twice keeps one number,
 * so both places see the same value. A name without a value throws, as better-sqlite3 does,
 * rather than binding NULL where a column was forgotten.
 */
export function positional(sql: string, params: SqlParams): pg.QueryConfig<SqlValue[]> {
  const values: SqlValue[] = [];
  const numbers = new Map<string, number>();
  const text = sql.replace(/@([A-Za-z_]\w*)/g, (_match, name: string) => {
    const known = numbers.get(name);
    if (known !== undefined) return `$${known}`;
    const value = params[name];
    if (value === undefined) throw new Error(`no value for the parameter @${name}`);
    values.push(value);
    numbers.set(name, values.length);
    return `$${values.length}`;
  });
  return { text, values };
}

/** Reads a BIGINT (which pg returns as a string, since it may exceed 2^53) as a number. */
export function toNumber(value: string | number): number {
  const result = Number(value);
  if (!Number.isSafeInteger(result)) throw new Error(`${String(value)} is not a safe integer`);
  return result;
}
