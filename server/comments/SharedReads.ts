/** One read and the requests sharing it; `id` tells it from a later read of the same key. */
interface Batch<T> {
  id: object;
  done: Promise<T>;
}

/**
 * One read of a key's rows shared by every request that arrived before the read began.
 *
 * When a workshop opens a large draft together, every participant's page asks for its thread
 * list within a second or two. Each list read the same rows (2,000 threads and 5,000 comments
 * on the bench's draft) and placed the same anchors, some 100 ms of the server's only thread
 * per request, one after another. Shared, the requests that arrive while a read waits cost
 * that one read between them: a burst costs about one read per read's duration, not one per
 * request.
 *
 * Sharing must never hand a request rows older than the request itself: a change committed
 * before it arrived has to be in its answer (its client may just have been told of the change
 * and asked again because of it). So a request joins a read only while that read has not begun:
 * during `prepare` (loading the document, which reads no row) or while it waits for the key's
 * previous read to finish. Once `read` starts, later requests wait for the next one. Reads of
 * one key run one at a time, so a burst gathers into the waiting read instead of starting one
 * per request.
 */
export class SharedReads<T> {
  /** The read each key's new requests join: its rows are not being read yet. */
  private readonly joinable = new Map<string, Batch<T>>();
  /** The latest read of each key, which the next one waits for. */
  private readonly latest = new Map<string, Batch<T>>();

  /**
   * Resolves with what `read` returns, run after `prepare`, both started after this call (or
   * shared with a request that came earlier and whose `read` had not begun). Rejects with what
   * either throws, for every request that shared them.
   */
  read(key: string, prepare: () => Promise<void>, read: () => Promise<T>): Promise<T> {
    const waiting = this.joinable.get(key);
    if (waiting) return waiting.done;
    const previous = this.latest.get(key)?.done;
    const id = {};
    const run = async (): Promise<T> => {
      // A failed read is its own requests' failure, not this one's.
      if (previous) await previous.catch(() => undefined);
      await prepare();
      // From here on the rows are being read: a request arriving now may hold newer changes.
      if (this.joinable.get(key)?.id === id) this.joinable.delete(key);
      return read();
    };
    const batch: Batch<T> = { id, done: run() };
    this.joinable.set(key, batch);
    this.latest.set(key, batch);
    const forget = () => {
      if (this.joinable.get(key) === batch) this.joinable.delete(key);
      if (this.latest.get(key) === batch) this.latest.delete(key);
    };
    batch.done.then(forget, forget);
    return batch.done;
  }
}
