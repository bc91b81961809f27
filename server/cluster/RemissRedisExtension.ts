import { Redis, type Configuration } from '@hocuspocus/extension-redis';
import type {
  afterUnloadDocumentPayload,
  beforeBroadcastStatelessPayload,
  beforeUnloadDocumentPayload,
  onAwarenessUpdatePayload,
  onChangePayload,
} from '@hocuspocus/server';
import { createRedisClient } from './redisClient.ts';
import { REDIS_PREFIX } from './RedisCluster.ts';

/**
 * The origin Hocuspocus' Redis extension gives updates it applies from other nodes. Those are
 * stored by the node whose client sent them (before it acknowledged them), so this node neither
 * logs them again nor counts them as its own server changes.
 */
export const REDIS_ORIGIN = '__hocuspocus__redis__origin__';

/**
 * Document updates and awareness across nodes: `@hocuspocus/extension-redis`, with its store lock
 * switched off.
 *
 * The extension takes a Redis lock in onStoreDocument and, when another node holds it, throws to
 * skip every later onStoreDocument hook — ours included. Our store is a fold into the shared
 * database under the database's own per-document lock (PersistenceExtension, UpdateLog.fold),
 * which is correct when two nodes store at once, and which must not be skipped while this node
 * holds server changes that are in no log. Its afterStoreDocument also holds every direct
 * connection's store for a second, which would make restoring a version or accepting a proposal
 * a second slower; the unload delay in beforeUnloadDocument, which lets the last sync messages
 * reach the other nodes before this one unsubscribes, is kept.
 */
export class RemissRedisExtension extends Redis {
  constructor(url: string, nodeId: string) {
    const configuration: Partial<Configuration> = {
      createClient: () => createRedisClient(url, `${nodeId}-documents`),
      identifier: nodeId,
      prefix: `${REDIS_PREFIX}:documents`,
    };
    super(configuration);
  }

  /** Set once shutdown has closed the Redis connections. */
  private closed = false;

  override async onStoreDocument(): Promise<void> {}

  override async afterStoreDocument(): Promise<void> {}

  // Documents still unload, and sockets still close, after shutdown has closed the Redis
  // connections; a command on a closed connection rejects, and some of these hooks run unawaited.
  override async onChange(payload: onChangePayload): Promise<void> {
    if (!this.closed) await super.onChange(payload);
  }

  override async onAwarenessUpdate(payload: onAwarenessUpdatePayload): Promise<number | undefined> {
    return this.closed ? undefined : super.onAwarenessUpdate(payload);
  }

  override async beforeBroadcastStateless(
    payload: beforeBroadcastStatelessPayload,
  ): Promise<number> {
    // The number of subscribers reached, as the base class answers; none once closed.
    return this.closed ? 0 : super.beforeBroadcastStateless(payload);
  }

  override async beforeUnloadDocument(payload: beforeUnloadDocumentPayload): Promise<void> {
    if (!this.closed) await super.beforeUnloadDocument(payload);
  }

  override async afterUnloadDocument(payload: afterUnloadDocumentPayload): Promise<void> {
    if (!this.closed) await super.afterUnloadDocument(payload);
  }

  override async onDestroy(): Promise<void> {
    this.closed = true;
    await super.onDestroy();
  }
}
