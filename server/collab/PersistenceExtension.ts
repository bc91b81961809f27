import {
  Connection,
  type afterUnloadDocumentPayload,
  type beforeHandleMessagePayload,
  type beforeUnloadDocumentPayload,
  type Document,
  type Extension,
  type onLoadDocumentPayload,
  type onStoreDocumentPayload,
} from '@hocuspocus/server';
import * as Y from 'yjs';
import {
  DocumentLoadFailed,
  DocumentNotFound,
  MessageRefused,
  StorageUnavailable,
} from '../../shared/closeCodes.ts';
import { CloseError } from './CloseError.ts';
import { applyStored } from './applyStored.ts';
import { STORE_RETRY_INTERVAL_MS } from '../../shared/limits.ts';
import type { Logger } from '../logger.ts';
import { checksum } from '../storage/checksum.ts';
import type { Storage, StoredDocumentContent } from '../storage/types.ts';
import { REDIS_ORIGIN } from '../cluster/RemissRedisExtension.ts';
import { decodeCollabMessage } from './collabMessage.ts';
import { ignoreStores, type StoreObserver, type StoreOperation } from './StoreObserver.ts';

/** Transaction origin of updates applied while loading from storage; they are not logged again. */
export const LOAD_ORIGIN = Symbol('remiss-load');

/**
 * The state row and log entries of a stored document, in the order to apply them, each checked
 * against its checksum. Throws naming the first row that fails.
 */
function verifiedBlobs(content: StoredDocumentContent): { label: string; data: Uint8Array }[] {
  const blobs = [
    ...(content.state ? [{ label: 'state', ...content.state }] : []),
    ...content.updates.map((update) => ({ label: `update ${update.seq}`, ...update })),
  ];
  for (const blob of blobs) {
    if (checksum(blob.data) !== blob.checksum) {
      throw new Error(`stored ${blob.label} does not match its checksum`);
    }
  }
  return blobs;
}

/** What the extension tracks about each loaded document. */
interface TrackedDocument {
  /**
   * The instance this is about. Hocuspocus names documents only by id in its unload hooks, and
   * may load a fresh instance under the same id before an older one is gone (see
   * LiveDocumentGuard); everything here belongs to this instance alone.
   */
  document: Document;
  /** Highest log seq whose update is in memory and durable. */
  appendedSeq: number;
  /** Highest log seq folded into the stored state row. */
  compactedSeq: number;
  /**
   * Set when memory holds changes that are in neither the log nor the state row (an append
   * failed). Cleared only by a successful compaction, which writes the whole state.
   */
  unsavedSince: Date | null;
  lastError: string | null;
  /**
   * Counts changes made on the server itself (a direct connection, an accepted proposal), which
   * reach no client message hook and so are not in the log. Compaction stores them.
   */
  serverChanges: number;
  /** `serverChanges` as of the last successful compaction. */
  storedServerChanges: number;
  /**
   * Appends of this document under way. An ack waits for those that began before it: peers
   * see an update as soon as it is applied, before it is stored, so what a client holds (and
   * an ack calls stored) can include an update another socket's append is still writing.
   */
  inFlight: Set<Promise<unknown>>;
  /** Removes the document's update listener. */
  detach: () => void;
}

/**
 * Makes every edit durable before it is acknowledged, and keeps stored documents safe.
 *
 * - Load: reads the state row and the log after it, verifies each checksum, and applies them. A
 *   row that fails the check or does not decode fails the load; the stored data is untouched and
 *   the client is told `document-load-failed` instead of being handed an empty document.
 * - Write (beforeHandleMessage, which Hocuspocus awaits before it applies and acknowledges a
 *   message): a writer's update is applied to the in-memory document first — which validates it
 *   and lets peers see it at once — and then appended to the log. Only when the append has
 *   resolved does Hocuspocus go on to send `SyncStatus(true)`, the ack. Applying before
 *   appending also means every log entry is already in memory when it is written, which is what
 *   makes compaction's bookkeeping safe on an asynchronous store. Because peers (and a client's
 *   next socket) see an update before its append has finished, an ack also waits for the
 *   appends of the document that were under way when its message arrived.
 * - If the append fails, the socket is closed at once, so no ack for this or any later message
 *   goes out; the client keeps the edit and sends it again on reconnect. The document is marked
 *   unsaved, compaction is retried, and health reports it. Until a compaction has stored the
 *   whole state, no update on the document is acked unless that compaction succeeds.
 * - Compaction (onStoreDocument, debounced) folds the log into the state row in one transaction.
 */
export class PersistenceExtension implements Extension {
  extensionName = 'remiss-persistence';
  // Runs after authentication and message policy, so refused messages are never stored.
  priority = 10;

  private readonly tracked = new Map<string, TrackedDocument>();
  private readonly loaded = new Map<string, Document>();
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly storage: Storage,
    private readonly logger: Logger,
    /** Told the duration and outcome of every append and compaction, for metrics. */
    private readonly observer: StoreObserver = ignoreStores,
    /**
     * Other nodes share the database and the documents (REDIS_URL): compaction folds what is
     * stored instead of trusting memory, see {@link PersistenceExtension.compact}.
     */
    private readonly shared = false,
  ) {}

  async onLoadDocument({ document, documentName }: onLoadDocumentPayload): Promise<void> {
    const record = await this.storage.documents.get(documentName);
    if (!record) throw new CloseError(DocumentNotFound);
    let content;
    try {
      content = await this.storage.updates.load(documentName);
    } catch (error) {
      this.logger.error('could not read a document from storage', {
        documentId: documentName,
        error,
      });
      throw new CloseError(DocumentLoadFailed);
    }
    let blobs;
    try {
      blobs = verifiedBlobs(content);
    } catch (error) {
      this.logger.error('stored document failed its checksum; refusing to load it', {
        documentId: documentName,
        error,
      });
      throw new CloseError(DocumentLoadFailed);
    }
    try {
      applyStored(
        document,
        blobs.map((blob) => blob.data),
        LOAD_ORIGIN,
      );
    } catch (error) {
      this.logger.error('stored document does not decode; refusing to load it', {
        documentId: documentName,
        error,
      });
      throw new CloseError(DocumentLoadFailed);
    }
    const lastSeq = content.updates.at(-1)?.seq ?? content.state?.coversSeq ?? 0;
    const tracked: TrackedDocument = {
      document,
      appendedSeq: lastSeq,
      compactedSeq: content.state?.coversSeq ?? 0,
      unsavedSince: null,
      lastError: null,
      serverChanges: 0,
      storedServerChanges: 0,
      inFlight: new Set(),
      detach: () => undefined,
    };
    // Client messages are logged in beforeHandleMessage, where their origin is the Connection.
    // Anything else that changes the document happened on the server, and would otherwise be
    // stored by nothing: DirectConnection.transact runs the store hooks, but compaction would
    // see no new log entry and skip.
    // An update relayed from another node is logged by that node before it acks it, but it
    // reaches this node before that append has finished (or, if that node dies, instead of
    // it), and a client here may be acked for a document that holds it. So it is logged here
    // too, and acks here wait for it like for any append; the duplicate row changes nothing
    // when applied again and goes at the next fold.
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === LOAD_ORIGIN || origin instanceof Connection) return;
      if (origin === REDIS_ORIGIN) this.appendRelayed(documentName, tracked, update);
      else tracked.serverChanges += 1;
    };
    document.on('update', onUpdate);
    tracked.detach = () => document.off('update', onUpdate);
    this.tracked.set(documentName, tracked);
    this.loaded.set(documentName, document);
  }

  async beforeHandleMessage(payload: beforeHandleMessagePayload): Promise<void> {
    const { connection, document, documentName } = payload;
    if (connection.readOnly) return; // Hocuspocus refuses the update itself; nothing to store.
    const message = decodeCollabMessage(payload.update);
    if (message.kind !== 'document-update') return;
    const tracked = this.trackedFor(documentName, document);
    if (!tracked) throw new CloseError(DocumentLoadFailed);

    let changed = false;
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin === connection) changed = true;
    };
    document.on('update', onUpdate);
    try {
      Y.applyUpdate(document, message.update, connection);
    } catch (error) {
      this.logger.warn('refused an update that does not decode', {
        documentId: documentName,
        error,
      });
      throw new CloseError(MessageRefused);
    } finally {
      document.off('update', onUpdate);
    }
    // Structs whose dependencies have not arrived wait in the store; they are part of what the
    // client will see acknowledged, so they are logged too.
    const pending = document.store.pendingStructs !== null || document.store.pendingDs !== null;

    if (tracked.unsavedSince) {
      // Memory holds changes that an earlier, failed append left unstored. A client resending
      // them after a reconnect sends a message that changes nothing here, and would be acked as
      // if it were durable. So while anything is unsaved, an update is acked only once the whole
      // state is stored.
      if (!(await this.compact(documentName, document))) this.refuseAck(payload);
      return;
    }
    const before = [...tracked.inFlight];
    if (!changed && !pending) {
      // Nothing new here, but perhaps only because an append of the same changes (from this
      // client's previous socket, or relayed from another node) is still under way.
      await this.afterEarlierAppends(payload, tracked, before);
      return;
    }

    try {
      const seq = await this.trackAppend(tracked, () =>
        this.timed('append', () => this.storage.updates.append(documentName, message.update)),
      );
      tracked.appendedSeq = Math.max(tracked.appendedSeq, seq);
    } catch (error) {
      tracked.unsavedSince ??= new Date();
      tracked.lastError = error instanceof Error ? error.message : String(error);
      this.logger.error('could not store an update; it is not acknowledged', {
        documentId: documentName,
        socketId: payload.socketId,
        error,
      });
      this.refuseAck(payload);
    }
    // This update may build on updates other clients sent just before, which its client saw
    // before they were stored: the ack waits for those too.
    await this.afterEarlierAppends(payload, tracked, before);
  }

  /**
   * Waits for the appends that were under way when this message arrived, and refuses the ack
   * if one of them failed and the whole state cannot be stored instead: the client's document
   * includes what they were writing.
   */
  private async afterEarlierAppends(
    payload: beforeHandleMessagePayload,
    tracked: TrackedDocument,
    before: readonly Promise<unknown>[],
  ): Promise<void> {
    if (before.length === 0) return;
    await Promise.allSettled(before);
    if (tracked.unsavedSince && !(await this.compact(payload.documentName, tracked.document))) {
      this.refuseAck(payload);
    }
  }

  /** Runs an append, counted among the document's appends under way until it settles. */
  private async trackAppend<T>(tracked: TrackedDocument, append: () => Promise<T>): Promise<T> {
    const running = append();
    tracked.inFlight.add(running);
    try {
      return await running;
    } finally {
      tracked.inFlight.delete(running);
    }
  }

  /** Logs an update relayed from another node (see onLoadDocument); a failure marks it unsaved. */
  private appendRelayed(documentName: string, tracked: TrackedDocument, update: Uint8Array): void {
    this.trackAppend(tracked, () =>
      this.timed('append', () => this.storage.updates.append(documentName, update)),
    ).then(
      (seq) => {
        tracked.appendedSeq = Math.max(tracked.appendedSeq, seq);
      },
      (error: unknown) => {
        tracked.unsavedSince ??= new Date();
        tracked.lastError = error instanceof Error ? error.message : String(error);
        this.logger.error('could not store an update relayed from another node', {
          documentId: documentName,
          error,
        });
        this.scheduleRetry();
      },
    );
  }

  /**
   * Stops the ack of the message being handled, and every later one on this socket: closing
   * the socket makes Connection.send drop what follows. The client keeps its changes as
   * unsynced and sends them again when it reconnects.
   */
  private refuseAck({ connection }: beforeHandleMessagePayload): never {
    connection.webSocket.close(StorageUnavailable.code, StorageUnavailable.reason);
    this.scheduleRetry();
    throw new CloseError(StorageUnavailable);
  }

  async onStoreDocument({ document, documentName }: onStoreDocumentPayload): Promise<void> {
    await this.compact(documentName, document);
  }

  async beforeUnloadDocument({
    documentName,
    document,
  }: beforeUnloadDocumentPayload): Promise<void> {
    const tracked = this.tracked.get(documentName);
    if (tracked && tracked.document !== document) {
      // Hocuspocus removes whatever instance its map holds under this id, which is the fresh
      // one, not this stale one: unloading would orphan the copy its clients are editing.
      throw new Error(`a stale copy of document ${documentName} is not unloaded over the live one`);
    }
    if (tracked?.unsavedSince) {
      // Keep the only copy of unsaved changes in memory until a retry stores them.
      throw new Error(`document ${documentName} has unsaved changes; keeping it loaded`);
    }
  }

  async afterUnloadDocument({ documentName, instance }: afterUnloadDocumentPayload): Promise<void> {
    // The hook names only the id; if a fresh instance is already loaded under it, that one stays.
    const tracked = this.tracked.get(documentName);
    if (tracked && instance.documents.get(documentName) === tracked.document) return;
    tracked?.detach();
    this.tracked.delete(documentName);
    this.loaded.delete(documentName);
  }

  /**
   * Folds a loaded document's log into its state row. Skips documents whose load failed (they
   * are never tracked), stale copies, and documents with nothing new. Returns false if storing
   * failed.
   */
  async compact(documentName: string, document: Y.Doc): Promise<boolean> {
    // A stale copy never writes: its state lacks what the live copy has appended since, and the
    // rows its compaction would delete include those appends.
    const tracked = this.trackedFor(documentName, document);
    if (!tracked) return true;
    const coversSeq = tracked.appendedSeq;
    const serverChanges = tracked.serverChanges;
    const nothingNew =
      coversSeq <= tracked.compactedSeq && serverChanges === tracked.storedServerChanges;
    if (nothingNew && !tracked.unsavedSince) return true;
    try {
      if (this.shared) {
        // Skipping is safe only when everything this node holds is in the log, for the other
        // node's fold to find: not while server changes or a failed append exist only here.
        const onlyHere =
          tracked.unsavedSince !== null || serverChanges !== tracked.storedServerChanges;
        const folded = await this.timed('compact', () =>
          this.fold(documentName, document, { skipIfBusy: !onlyHere }),
        );
        if (!folded) return true;
      } else {
        // Read coversSeq before encoding: every entry up to it was applied before it was
        // appended, so the encoded state contains it. Entries appended later stay in the log.
        const state = Y.encodeStateAsUpdate(document);
        await this.timed('compact', () =>
          this.storage.updates.compact(documentName, state, coversSeq),
        );
      }
      tracked.compactedSeq = Math.max(tracked.compactedSeq, coversSeq);
      tracked.storedServerChanges = Math.max(tracked.storedServerChanges, serverChanges);
      if (tracked.unsavedSince) {
        this.logger.info('stored a document that had unsaved changes', {
          documentId: documentName,
        });
      }
      tracked.unsavedSince = null;
      tracked.lastError = null;
      return true;
    } catch (error) {
      tracked.unsavedSince ??= new Date();
      tracked.lastError = error instanceof Error ? error.message : String(error);
      this.logger.error('could not store a document; will retry', {
        documentId: documentName,
        error,
      });
      this.scheduleRetry();
      return false;
    }
  }

  /**
   * Compaction on a database other nodes share. This node's memory may lack entries another
   * node appended (and acknowledged) that have not reached it through Redis yet, or never will
   * if that node died; a state written from memory would drop them with their log rows. So the
   * stored state, every log entry and this node's memory are merged, in the database's fold
   * lock, and only the entries read are deleted. Whatever the stored side held that memory
   * lacked is then applied to the live document, so this node's clients see it too.
   * Resolves false when skipped because another node was folding the document.
   */
  private async fold(
    documentName: string,
    document: Y.Doc,
    options: { skipIfBusy: boolean },
  ): Promise<boolean> {
    const fromStore: { missing: Uint8Array | null } = { missing: null };
    const folded = await this.storage.updates.fold(
      documentName,
      (stored) => {
        const merged = new Y.Doc({ gc: true });
        try {
          for (const blob of verifiedBlobs(stored)) Y.applyUpdate(merged, blob.data, LOAD_ORIGIN);
          fromStore.missing = Y.encodeStateAsUpdate(merged, Y.encodeStateVector(document));
          Y.applyUpdate(merged, Y.encodeStateAsUpdate(document), LOAD_ORIGIN);
          return Y.encodeStateAsUpdate(merged);
        } finally {
          merged.destroy();
        }
      },
      options,
    );
    // Stored already, so not logged again; applying what memory has changes nothing.
    if (folded && fromStore.missing) Y.applyUpdate(document, fromStore.missing, LOAD_ORIGIN);
    return folded;
  }

  /** Compacts every loaded document. Used at shutdown; returns false if any failed. */
  async storeAll(): Promise<boolean> {
    let ok = true;
    for (const [name, document] of this.loaded) {
      ok = (await this.compact(name, document)) && ok;
    }
    return ok;
  }

  /** Documents holding changes that are not stored yet, for the health endpoint. */
  unsavedDocuments(): { documentId: string; since: string; error: string | null }[] {
    return [...this.tracked.entries()]
      .filter(([, tracked]) => tracked.unsavedSince !== null)
      .map(([documentId, tracked]) => ({
        documentId,
        since: tracked.unsavedSince?.toISOString() ?? '',
        error: tracked.lastError,
      }));
  }

  /** The tracking of `document`, if it is the instance loaded under that id; stale copies have none. */
  private trackedFor(documentName: string, document: Y.Doc): TrackedDocument | undefined {
    const tracked = this.tracked.get(documentName);
    return tracked?.document === document ? tracked : undefined;
  }

  /** Runs one write to storage and tells the observer how long it took and whether it failed. */
  private async timed<T>(operation: StoreOperation, write: () => Promise<T>): Promise<T> {
    const started = performance.now();
    let ok = false;
    try {
      const result = await write();
      ok = true;
      return result;
    } finally {
      this.observer.stored(operation, (performance.now() - started) / 1000, ok);
    }
  }

  /** Stops the retry timer. */
  stop(): void {
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.retryTimer = null;
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    this.retryTimer = setInterval(() => {
      void this.retryUnsaved();
    }, STORE_RETRY_INTERVAL_MS);
    this.retryTimer.unref();
  }

  private async retryUnsaved(): Promise<void> {
    const unsaved = [...this.tracked.entries()].filter(([, tracked]) => tracked.unsavedSince);
    for (const [name] of unsaved) {
      const document = this.loaded.get(name);
      if (document) await this.compact(name, document);
    }
    if (this.unsavedDocuments().length === 0) this.stop();
  }
}
