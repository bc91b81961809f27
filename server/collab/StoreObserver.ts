/** The two writes the persistence path makes: the per-edit append and the debounced compaction. */
export type StoreOperation = 'append' | 'compact';

/**
 * Told how every write to storage went, so that operators can watch store latency and failures
 * (see server/metrics/RemissMetrics.ts). It must not throw: it runs on the path of every edit.
 */
export interface StoreObserver {
  stored(operation: StoreOperation, seconds: number, ok: boolean): void;
}

/** An observer that ignores everything, for a PersistenceExtension built without metrics. */
export const ignoreStores: StoreObserver = { stored: () => undefined };
