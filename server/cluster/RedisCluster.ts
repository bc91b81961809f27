import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { REDIS_CHECK_TIMEOUT_MS, REDIS_CONNECT_TIMEOUT_MS } from '../../shared/limits.ts';
import type { Logger } from '../logger.ts';
import type { Cluster } from './Cluster.ts';
import { clusterEnvelopeSchema, type ClusterEvent } from './clusterEvents.ts';
import { createRedisClient } from './redisClient.ts';

/** Redis key prefix of everything Remiss keeps there; the Hocuspocus extension uses it too. */
export const REDIS_PREFIX = 'remiss';
/** The channel every node publishes cluster events on. */
const EVENTS_CHANNEL = `${REDIS_PREFIX}:events`;

/**
 * Deletes a lock only if this node still holds it: a lock that expired and was taken by another
 * node must not be released by the late first holder.
 */
const RELEASE_IF_HELD = `if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0`;

/**
 * Several nodes sharing one Redis: events on one pub/sub channel (a subscribed connection can do
 * nothing else, hence two connections), and locks as keys set with NX and an expiry.
 */
export class RedisCluster implements Cluster {
  readonly shared = true;
  readonly nodeId: string;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly handlers = new Set<(event: ClusterEvent) => void>();
  private readonly lostHandlers = new Set<(cause: string) => void>();
  /** Set when a publish failed; cleared once the other nodes have been told to re-check. */
  private publishFailed = false;
  private readonly subscribed: Promise<unknown>;

  private constructor(
    readonly url: string,
    private readonly logger: Logger,
  ) {
    this.nodeId = `node-${randomUUID()}`;
    this.pub = createRedisClient(url, `${this.nodeId}-pub`);
    this.sub = createRedisClient(url, `${this.nodeId}-sub`);
    for (const [role, client] of [
      ['publish', this.pub],
      ['subscribe', this.sub],
    ] as const) {
      // Without a listener ioredis prints every failed reconnect to stderr. ioredis keeps
      // reconnecting; an outage is logged when it starts and when it ends.
      let down = false;
      client.on('error', (error: unknown) => {
        if (!down) this.logger.error('lost the connection to Redis; reconnecting', { role, error });
        down = true;
      });
      client.on('ready', () => {
        if (down) this.logger.info('connected to Redis again', { role });
        down = false;
      });
    }
    this.sub.on('message', (channel: string, raw: string) => {
      if (channel === EVENTS_CHANNEL) this.receive(raw);
    });
    this.subscribed = this.sub.subscribe(EVENTS_CHANNEL);
    // ioredis emits 'ready' on the first connect and again after every reconnect; anything
    // published between the drop and the reconnect never reached this node.
    let subscribedOnce = false;
    this.sub.on('ready', () => {
      if (subscribedOnce) this.resubscribed();
      subscribedOnce = true;
    });
    this.pub.on('ready', () => this.tellIfPublishFailed());
  }

  /** Connects to REDIS_URL and subscribes to the cluster channel; throws if that fails. */
  static async connect(url: string, logger: Logger): Promise<RedisCluster> {
    const cluster = new RedisCluster(url, logger.child({ component: 'cluster' }));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis did not answer within ${REDIS_CONNECT_TIMEOUT_MS} ms`)),
        REDIS_CONNECT_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([cluster.subscribed, timeout]);
      await cluster.check();
    } catch (error) {
      await cluster.close();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return cluster;
  }

  publish(event: ClusterEvent): void {
    const raw = JSON.stringify({ from: this.nodeId, event });
    this.pub.publish(EVENTS_CHANNEL, raw).then(
      () => this.tellIfPublishFailed(),
      (error: unknown) => {
        this.logger.error('could not tell the other nodes', { event: event.type, error });
        this.publishFailed = true;
      },
    );
  }

  onEventsLost(handler: (cause: string) => void): () => void {
    this.lostHandlers.add(handler);
    return () => this.lostHandlers.delete(handler);
  }

  /**
   * After a failed publish, once Redis takes commands again: tells the other nodes that events
   * from this node were lost. A partition between this node and Redis drops nobody else's
   * subscription, so without this they would never know.
   */
  private tellIfPublishFailed(): void {
    if (!this.publishFailed) return;
    this.publishFailed = false;
    this.logger.info('telling the other nodes that events from this node were lost');
    this.publish({ type: 'events-lost' });
  }

  /**
   * The subscription is back after an outage. ioredis emits 'ready' before it resubscribes, so
   * subscribing again here (which costs nothing when already subscribed) and waiting for the
   * answer means that every event from now on arrives: a re-check that starts after this
   * misses nothing.
   */
  private resubscribed(): void {
    this.sub.subscribe(EVENTS_CHANNEL).then(
      () => this.eventsLost('this node lost its subscription'),
      (error: unknown) => {
        // The connection dropped again; the next 'ready' tries again.
        this.logger.warn('could not subscribe to the cluster channel again', { error });
      },
    );
  }

  private eventsLost(cause: string): void {
    for (const handler of this.lostHandlers) {
      try {
        handler(cause);
      } catch (error) {
        this.logger.error('re-checking after lost cluster events failed', { error });
      }
    }
  }

  subscribe(handler: (event: ClusterEvent) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async whileHolding<T>(name: string, ttlMs: number, work: () => Promise<T>): Promise<T | null> {
    const key = `${REDIS_PREFIX}:lock:${name}`;
    const token = randomUUID();
    const taken = await this.pub.set(key, token, 'PX', ttlMs, 'NX');
    if (taken !== 'OK') return null;
    try {
      return await work();
    } finally {
      await this.pub.eval(RELEASE_IF_HELD, 1, key, token).catch((error: unknown) => {
        // It expires on its own after ttlMs.
        this.logger.warn('could not release a cluster lock', { name, error });
      });
    }
  }

  async check(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis did not answer within ${REDIS_CHECK_TIMEOUT_MS} ms`)),
        REDIS_CHECK_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([this.pub.ping(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.lostHandlers.clear();
    this.sub.disconnect();
    await this.pub.quit().catch(() => this.pub.disconnect());
  }

  private receive(raw: string): void {
    let parsed;
    try {
      parsed = clusterEnvelopeSchema.safeParse(JSON.parse(raw));
    } catch {
      parsed = null;
    }
    if (!parsed?.success) {
      this.logger.warn('ignored a cluster event this node does not understand', {
        length: raw.length,
      });
      return;
    }
    if (parsed.data.from === this.nodeId) return;
    if (parsed.data.event.type === 'events-lost') {
      this.eventsLost(`node ${parsed.data.from} could not publish for a while`);
      return;
    }
    for (const handler of this.handlers) {
      try {
        handler(parsed.data.event);
      } catch (error) {
        this.logger.error('handling a cluster event failed', {
          event: parsed.data.event.type,
          error,
        });
      }
    }
  }
}
