import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The name of the placeholder test that says why the Redis tests did not run. */
export const REDIS_SKIP_REASON =
  'Redis tests skipped: REMISS_TEST_REDIS_URL is not set (.ci/run sets it; see docs/operations.md)';

/**
 * The Redis server tests use: REMISS_TEST_REDIS_URL. `.ci/run` starts a throwaway redis-server
 * on loopback and sets it, so CI always runs the multi-node tests; without it they are skipped
 * with {@link REDIS_SKIP_REASON}.
 */
export function redisTestUrl(): string | null {
  const url = process.env['REMISS_TEST_REDIS_URL'];
  if (url === undefined || url === '') {
    // Said out loud as well: the default reporter only counts skipped tests.
    console.warn(REDIS_SKIP_REASON);
    return null;
  }
  return url;
}

/**
 * One test file's share of the Redis server. Test files run in parallel against the same
 * server, and a database index would not separate them: Redis pub/sub channels are global
 * across database indexes. So each share has a key prefix of its own for the keys the test
 * writes itself, and {@link TestRedis.flush} removes those and the keys the nodes made for the
 * names (document ids) the test created. Document ids are random, so nodes of different test
 * files never share a channel or a lock.
 */
export interface TestRedis {
  /** The server's URL, for REDIS_URL. */
  url: string;
  /** `remiss-test-<random>`: a namespace no other test file uses. */
  prefix: string;
  /** A connection of the test's own, to look at what the nodes left behind. */
  client: Redis;
  /** Every key under `prefix`, and every key whose name contains one of `names`. */
  keys(names?: readonly string[]): Promise<string[]>;
  /** Deletes what {@link TestRedis.keys} finds for `names`, then closes `client`. */
  flush(names?: readonly string[]): Promise<void>;
}

/** Connects to the test Redis, failing at once with the URL's host if it cannot be reached. */
export async function connectTestRedis(url: string): Promise<TestRedis> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new Error(`cannot reach the test Redis at ${new URL(url).host}: ${String(error)}`);
  }
  const prefix = `remiss-test-${randomBytes(6).toString('hex')}`;
  const scan = async (pattern: string): Promise<string[]> => {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      found.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return found;
  };
  const keys = async (names: readonly string[] = []): Promise<string[]> => {
    const patterns = [`${prefix}:*`, ...names.map((name) => `*${escapeGlob(name)}*`)];
    const found = new Set<string>();
    for (const pattern of patterns) for (const key of await scan(pattern)) found.add(key);
    return [...found];
  };
  return {
    url,
    prefix,
    client,
    keys,
    flush: async (names = []) => {
      try {
        const found = await keys(names);
        if (found.length > 0) await client.del(...found);
      } finally {
        client.disconnect();
      }
    },
  };
}

/** Escapes the characters Redis' MATCH patterns treat specially. */
function escapeGlob(value: string): string {
  return value.replace(/[*?[\]\\^]/g, (character) => `\\${character}`);
}
