import type { Storage, ThreadRepository, UpdateLog } from '../storage/types.ts';

/** A store that counts the documents it loads (and their thread listings), and can hold loads back. */
export interface CountedLoads {
  storage: Storage;
  /** How many times each document's stored text has been read (`updates.load`). */
  loads(documentId: string): number;
  /** From now on, loads wait until `release`: the only way to see, without timing, what happens meanwhile. */
  hold(): void;
  /** Lets every held load go on, and stops holding new ones. */
  release(): void;
  /** How many loads are waiting right now. */
  readonly waiting: number;
  /** How many times each document's threads have been listed (`threads.listForDocument`). */
  threadListings(documentId: string): number;
}

/**
 * Wraps a real store (SQLite or PostgreSQL) so that a test can see how often the server loads a
 * document from it, and hold those loads for as long as it likes. Everything else is the real
 * store, untouched.
 */
export function countedLoads(inner: Storage): CountedLoads {
  const counts = new Map<string, number>();
  let gate: Promise<void> | null = null;
  let open: () => void = () => undefined;
  let waiting = 0;
  const log: UpdateLog = inner.updates;
  const updates: UpdateLog = {
    append: (documentId, update) => log.append(documentId, update),
    load: async (documentId) => {
      counts.set(documentId, (counts.get(documentId) ?? 0) + 1);
      if (gate) {
        waiting += 1;
        try {
          await gate;
        } finally {
          waiting -= 1;
        }
      }
      return log.load(documentId);
    },
    compact: (documentId, state, coversSeq) => log.compact(documentId, state, coversSeq),
    fold: (documentId, merge, options) => log.fold(documentId, merge, options),
    pendingCount: (documentId) => log.pendingCount(documentId),
  };
  const listings = new Map<string, number>();
  const innerThreads = inner.threads;
  const threads = new Proxy<ThreadRepository>(innerThreads, {
    get: (target, key) => {
      if (key === 'listForDocument') {
        return (documentId: string) => {
          listings.set(documentId, (listings.get(documentId) ?? 0) + 1);
          return target.listForDocument(documentId);
        };
      }
      const value: unknown = Reflect.get(target, key, target);
      // Bound to the repository itself, whose methods read its own fields.
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
  const storage = new Proxy<Storage>(inner, {
    get: (target, key, receiver) => {
      if (key === 'updates') return updates;
      if (key === 'threads') return threads;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return {
    storage,
    loads: (documentId) => counts.get(documentId) ?? 0,
    hold: () => {
      gate ??= new Promise<void>((resolve) => {
        open = resolve;
      });
    },
    release: () => {
      gate = null;
      open();
    },
    get waiting() {
      return waiting;
    },
    threadListings: (documentId) => listings.get(documentId) ?? 0,
  };
}
