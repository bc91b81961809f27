import type pg from 'pg';

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

/** A plain Uint8Array copy of a BYTEA value; callers should not hold on to pg's Buffers. */
export function bytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer);
}

/** A Buffer over exactly the bytes of `data`, even when it is a view into a larger buffer. */
export function toBuffer(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** Reads a BIGINT (which pg returns as a string, since it may exceed 2^53) as a number. */
export function toNumber(value: string | number): number {
  const result = Number(value);
  if (!Number.isSafeInteger(result)) throw new Error(`${String(value)} is not a safe integer`);
  return result;
}
