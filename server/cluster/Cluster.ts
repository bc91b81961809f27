import type { ClusterEvent } from './clusterEvents.ts';

/**
 * What a node shares with the other nodes of an installation. A single node (no REDIS_URL) has
 * nobody to tell, and holds every lock itself; several nodes share one Redis.
 */
export interface Cluster {
  /** This node's name on the cluster channel and in logs. */
  readonly nodeId: string;
  /** True when other nodes may share the database and the documents. */
  readonly shared: boolean;
  /** Tells every other node; the sender itself is not told. Never throws: a lost event is logged. */
  publish(event: ClusterEvent): void;
  /** Calls `handler` for every event another node publishes. Returns the unsubscribe function. */
  subscribe(handler: (event: ClusterEvent) => void): () => void;
  /**
   * Calls `handler` whenever events may have been lost: this node's subscription is back after
   * an outage, or another node could not publish for a while and says so once it can. Events are
   * not queued anywhere, so the handler re-reads from the database what the events would have
   * said. `cause` says which, for the log. Returns the unsubscribe function.
   */
  onEventsLost(handler: (cause: string) => void): () => void;
  /**
   * Runs `work` while this node holds the cluster-wide lock `name`, and resolves its result; if
   * another node holds it, resolves null without running `work`. The lock expires after `ttlMs`
   * in case its holder dies, so it is for avoiding duplicate work, not for correctness.
   */
  whileHolding<T>(name: string, ttlMs: number, work: () => Promise<T>): Promise<T | null>;
  /** Throws when the shared channel cannot be reached, for the health and readiness checks. */
  check(): Promise<void>;
  close(): Promise<void>;
}

/** A node on its own: events go nowhere, and only this process can hold its locks. */
export class SingleNode implements Cluster {
  readonly nodeId = 'single';
  readonly shared = false;
  private readonly held = new Set<string>();

  publish(): void {}

  subscribe(): () => void {
    return () => undefined;
  }

  onEventsLost(): () => void {
    return () => undefined;
  }

  async whileHolding<T>(name: string, _ttlMs: number, work: () => Promise<T>): Promise<T | null> {
    if (this.held.has(name)) return null;
    this.held.add(name);
    try {
      return await work();
    } finally {
      this.held.delete(name);
    }
  }

  async check(): Promise<void> {}

  async close(): Promise<void> {}
}
