import type { SqliteStorage } from '../storage/sqlite/SqliteStorage.ts';
import type { Storage, UpdateLog } from '../storage/types.ts';

/**
 * A real SQLite store whose update log can be made to fail on demand, as a locked database or a
 * full disk would: while `failing` is set, appending, compacting and folding throw. Everything else is the
 * real store, untouched.
 */
export function flakyStorage(inner: SqliteStorage): {
  storage: Storage;
  setFailing(on: boolean): void;
} {
  let failing = false;
  const refuse = (): void => {
    if (failing) throw new Error('SQLITE_BUSY: database is locked');
  };
  const updates: UpdateLog = {
    append: async (documentId, update) => {
      refuse();
      return inner.updates.append(documentId, update);
    },
    load: async (documentId) => inner.updates.load(documentId),
    compact: async (documentId, state, coversSeq) => {
      refuse();
      return inner.updates.compact(documentId, state, coversSeq);
    },
    fold: async (documentId, merge, options) => {
      refuse();
      const log: UpdateLog = inner.updates;
      return log.fold(documentId, merge, options);
    },
    pendingCount: async (documentId) => inner.updates.pendingCount(documentId),
  };
  const storage = new Proxy<Storage>(inner, {
    get: (target, key, receiver) =>
      key === 'updates' ? updates : (Reflect.get(target, key, receiver) as unknown),
  });
  return {
    storage,
    setFailing: (on) => {
      failing = on;
    },
  };
}
