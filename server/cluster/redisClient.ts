import { Redis } from 'ioredis';
import { REDIS_CONNECT_TIMEOUT_MS } from '../../shared/limits.ts';

/**
 * A Redis connection for REDIS_URL (redis:// or rediss://, with user, password and database
 * number as the URL gives them), named after this node so `CLIENT LIST` shows who is who.
 *
 * Commands wait while the connection is down and are sent once it is back, up to ioredis'
 * reconnect loop: a short Redis outage delays cross-node events instead of losing them.
 */
export function createRedisClient(url: string, name: string): Redis {
  return new Redis(url, {
    connectionName: name,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    // A health check must answer, not queue behind a dead connection for ever.
    maxRetriesPerRequest: 2,
  });
}
