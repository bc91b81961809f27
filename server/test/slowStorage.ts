import type { Storage, UpdateLog } from '../storage/types.ts';

/** A store whose writes to the update log can be held back, as a slow disk or database would. */
export interface SlowStorage {
  storage: Storage;
  /** From now on, appends, compactions and folds (of `documentId` only, if given) wait until `release`. */
  hold(documentId?: string): void;
  /** Lets every held write go on, and stops holding new ones. */
  release(): void;
  /** How many writes are waiting right now. */
  readonly waiting: number;
}

/**
 * Wraps a real store (SQLite or PostgreSQL) so that a test can hold its appends, compactions and folds
 * for as long as it likes: the only way to see, without timing, what a client says while the
 * server is still storing. Everything else is the real store, untouched.
 */
export function slowStorage(inner: Storage): SlowStorage {
  let gate: Promise<void> | null = null;
  let open: () => void = () => undefined;
  let heldDocument: string | null = null;
  let waiting = 0;
  const pass = async (documentId: string): Promise<void> => {
    if (!gate || (heldDocument !== null && heldDocument !== documentId)) return;
    waiting += 1;
    try {
      await gate;
    } finally {
      waiting -= 1;
    }
  };
  const updates: UpdateLog = {
    append: async (documentId, update) => {
      await pass(documentId);
      return inner.updates.append(documentId, update);
    },
    load: async (documentId) => inner.updates.load(documentId),
    compact: async (documentId, state, coversSeq) => {
      await pass(documentId);
      return inner.updates.compact(documentId, state, coversSeq);
    },
    fold: async (documentId, merge, options) => {
      await pass(documentId);
      return inner.updates.fold(documentId, merge, options);
    },
    pendingCount: async (documentId) => inner.updates.pendingCount(documentId),
  };
  const storage = new Proxy<Storage>(inner, {
    get: (target, key, receiver) =>
      key === 'updates' ? updates : (Reflect.get(target, key, receiver) as unknown),
  });
  return {
    storage,
    hold: (documentId) => {
      heldDocument = documentId ?? null;
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
  };
}
