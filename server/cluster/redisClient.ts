import { Redis, type RedisOptions } from 'ioredis';
import { REDIS_CONNECT_TIMEOUT_MS } from '../../shared/limits.ts';

/**
 * Connection options for REDIS_URL (redis:// or rediss://, with user, password and database
 * number as the URL gives them), named after this node so `CLIENT LIST` shows who is who.
 *
 * Commands wait while the connection is down and are sent once it is back, up to ioredis'
 * reconnect loop: a short Redis outage delays cross-node events instead of losing them.
 */
function redisOptions(name: string): RedisOptions {
  return {
    connectionName: name,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    // A health check must answer, not queue behind a dead connection for ever.
    maxRetriesPerRequest: 2,
  };
}

export function createRedisClient(url: string, name: string): Redis {
  return new Redis(url, redisOptions(name));
}

/**
 * A connection whose `publish` never rejects: it reports the outcome of every publish and
 * answers 0 subscribers reached when one fails.
 *
 * Hocuspocus' Redis extension publishes from places nobody awaits (the first sync step and the
 * awareness query once a document's channel is subscribed, replies to other nodes' messages),
 * so a publish failing while Redis is down would be an unhandled rejection. Relaying is best
 * effort (see RemissRedisExtension), so the failure is reported here, where every publish
 * passes, instead of escaping.
 */
export class RelayClient extends Redis {
  constructor(
    url: string,
    name: string,
    private readonly report: (failure: unknown) => void,
  ) {
    super(url, redisOptions(name));
  }

  override publish(channel: string | Buffer, message: string | Buffer): Promise<number> {
    return super.publish(channel, message).then(
      (reached) => {
        this.report(null);
        return reached;
      },
      (error: unknown) => {
        this.report(error ?? new Error('publish failed'));
        return 0;
      },
    );
  }
}
