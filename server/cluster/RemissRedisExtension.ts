import { Redis, type Configuration } from '@hocuspocus/extension-redis';
import type {
  afterLoadDocumentPayload,
  afterUnloadDocumentPayload,
  beforeBroadcastStatelessPayload,
  beforeUnloadDocumentPayload,
  onAwarenessUpdatePayload,
  onChangePayload,
} from '@hocuspocus/server';
import type { Logger } from '../logger.ts';
import type { Redis as RedisClient } from 'ioredis';
import { RelayClient } from './redisClient.ts';
import { RemoteAwarenessClocks } from './RemoteAwarenessClocks.ts';
import { REDIS_PREFIX } from './RedisCluster.ts';

/**
 * The origin Hocuspocus' Redis extension gives updates it applies from other nodes. The node
 * whose client sent one logged it before acking it; this node logs it too (see
 * PersistenceExtension), but does not count it among its own server changes.
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
  /** Set once shutdown has closed the Redis connections. */
  private closed = false;
  /** Set while publishing fails, so an outage is logged once, not once per keystroke. */
  private relayFailing = false;
  /** Awareness states received from other nodes, which this node must not publish back. */
  private readonly remoteAwareness: RemoteAwarenessClocks;
  /** Documents opened while Redis was down, whose channels are subscribed once it is back. */
  private readonly unsubscribed = new Map<string, afterLoadDocumentPayload>();

  constructor(
    url: string,
    nodeId: string,
    private readonly logger: Logger,
  ) {
    const created: RedisClient[] = [];
    const configuration: Partial<Configuration> = {
      createClient: () => {
        // Both are relay clients, though only the first publishes: the extension decides which.
        const client = new RelayClient(url, `${nodeId}-documents`, (failure) => {
          this.noteRelay(failure);
        });
        created.push(client);
        // The node's own cluster connections log an outage (RedisCluster); without a listener
        // ioredis would print every failed reconnect of these two as well.
        client.on('error', () => undefined);
        return client;
      },
      identifier: nodeId,
      prefix: `${REDIS_PREFIX}:documents`,
    };
    super(configuration);
    this.remoteAwareness = new RemoteAwarenessClocks(nodeId, (documentName) =>
      this.instance.documents.has(documentName),
    );
    // Before the extension's own handler, which applies the message and so runs the
    // onAwarenessUpdate hook below. Of the two clients only the subscriber receives messages.
    for (const client of created) {
      client.prependListener('messageBuffer', (_channel: Buffer, data: Buffer) => {
        this.remoteAwareness.note(data);
      });
      // Either connection back means Redis is; a subscription tried before the subscriber's own
      // connection is ready waits for it, or fails and is tried again when it is.
      client.on('ready', () => {
        this.subscribeMissed();
      });
    }
  }

  // The base class subscribes to the document's channel and then asks the other nodes for what
  // this node lacks. While Redis is down the subscription fails, and the base class would fail
  // the load with it: nobody could open a document this node had not open already, though
  // storing works without Redis. The document opens instead, relayed to no other node until
  // Redis is back and the subscription is made again (subscribeMissed); its first sync step
  // then brings both sides what they missed, since Yjs syncs by state.
  override async afterLoadDocument(payload: afterLoadDocumentPayload): Promise<void> {
    if (this.closed) return;
    try {
      await super.afterLoadDocument(payload);
    } catch (error) {
      this.noteRelay(error);
      this.unsubscribed.set(payload.documentName, payload);
    }
  }

  private subscribeMissed(): void {
    for (const [documentName, payload] of this.unsubscribed) {
      this.unsubscribed.delete(documentName);
      // Unloaded meanwhile, or loaded again as a new document, whose own load subscribed.
      if (this.instance.documents.get(documentName) !== payload.document) continue;
      void this.afterLoadDocument(payload);
    }
  }

  override async onStoreDocument(): Promise<void> {}

  override async afterStoreDocument(): Promise<void> {}

  // Hocuspocus runs onChange and onAwarenessUpdate without awaiting them, so anything they throw
  // would be an unhandled rejection, which ends a Node process (publishing itself never rejects:
  // RelayClient). Relaying is best effort: the edit is already stored, and the next change's sync
  // round brings the other nodes everything they missed, since Yjs syncs by state, not by
  // message. Health and readiness report Redis meanwhile. After shutdown has closed the
  // connections, nothing is published.
  override async onChange(payload: onChangePayload): Promise<void> {
    await this.relay(() => super.onChange(payload));
  }

  // Only states a client of this node sent are published (see RemoteAwarenessClocks). The base
  // class publishes every change to the document's awareness, including those it has just
  // applied from Redis, which every other node has already received from their origin.
  override async onAwarenessUpdate(payload: onAwarenessUpdatePayload): Promise<undefined> {
    const local = (clientIds: number[]) =>
      clientIds.filter(
        (clientId) =>
          !this.remoteAwareness.cameFromRedis(
            payload.documentName,
            clientId,
            payload.awareness.meta.get(clientId)?.clock,
          ),
      );
    const added = local(payload.added);
    const updated = local(payload.updated);
    const removed = local(payload.removed);
    if (added.length + updated.length + removed.length === 0) return undefined;
    await this.relay(() => super.onAwarenessUpdate({ ...payload, added, updated, removed }));
    return undefined;
  }

  override async beforeBroadcastStateless(
    payload: beforeBroadcastStatelessPayload,
  ): Promise<number> {
    // The base class answers the number of subscribers reached; nobody reads it.
    await this.relay(() => super.beforeBroadcastStateless(payload));
    return 0;
  }

  private async relay(publish: () => Promise<unknown>): Promise<void> {
    if (this.closed) return;
    try {
      await publish();
    } catch (error) {
      this.noteRelay(error);
    }
  }

  /** Logs the first failure of an outage and the first success after it; `null` is success. */
  private noteRelay(failure: unknown): void {
    if (failure === null) {
      if (this.relayFailing) this.logger.info('relaying to the other nodes works again');
      this.relayFailing = false;
      return;
    }
    if (this.closed) return;
    if (!this.relayFailing) {
      const message =
        'could not reach the other nodes through Redis; relaying again once it is back';
      this.logger.error(message, { error: failure });
    }
    this.relayFailing = true;
  }

  override async beforeUnloadDocument(payload: beforeUnloadDocumentPayload): Promise<void> {
    if (!this.closed) await super.beforeUnloadDocument(payload);
  }

  override async afterUnloadDocument(payload: afterUnloadDocumentPayload): Promise<void> {
    if (!payload.instance.documents.has(payload.documentName)) {
      this.remoteAwareness.forget(payload.documentName);
      this.unsubscribed.delete(payload.documentName);
    }
    if (!this.closed) await super.afterUnloadDocument(payload);
  }

  override async onDestroy(): Promise<void> {
    this.closed = true;
    await super.onDestroy();
  }
}
