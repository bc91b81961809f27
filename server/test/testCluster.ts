import { it } from 'vitest';
import { POSTGRES_SKIP_REASON, postgresTestUrl } from './testPostgres.ts';
import { REDIS_SKIP_REASON, redisTestUrl } from './testRedis.ts';

/** Where tests of several nodes find their shared database server and Redis. */
export interface ClusterTestServices {
  /** A PostgreSQL URL whose user may create databases (see createTestDatabase). */
  postgresUrl: string;
  redisUrl: string;
}

/**
 * PostgreSQL and Redis for a test file about several nodes, or null when either is not set; a
 * placeholder test then says which is missing, since the default reporter only counts skips.
 * Call it at the top level of the file and skip its suites on null.
 */
export function clusterTestServices(): ClusterTestServices | null {
  const postgresUrl = postgresTestUrl();
  const redisUrl = redisTestUrl();
  if (postgresUrl === null) it.skip(POSTGRES_SKIP_REASON, () => undefined);
  if (redisUrl === null) it.skip(REDIS_SKIP_REASON, () => undefined);
  return postgresUrl === null || redisUrl === null ? null : { postgresUrl, redisUrl };
}
