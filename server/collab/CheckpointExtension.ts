import {
  Connection,
  type afterLoadDocumentPayload,
  type afterUnloadDocumentPayload,
  type Extension,
  type onStoreDocumentPayload,
} from '@hocuspocus/server';
import * as Y from 'yjs';
import { CHECKPOINT_INTERVAL_MS, CHECKPOINT_LOCK_TTL_MS } from '../../shared/limits.ts';
import { SingleNode, type Cluster } from '../cluster/Cluster.ts';
import type { ClusterEvent } from '../cluster/clusterEvents.ts';
import { REDIS_ORIGIN } from '../cluster/RemissRedisExtension.ts';
import type { Logger } from '../logger.ts';
import type { Storage } from '../storage/types.ts';
import type { EditTracker } from '../versions/EditTracker.ts';
import type { VersionRecorder } from '../versions/VersionRecorder.ts';
import { readCollabContext } from './CollabContext.ts';
import { LOAD_ORIGIN } from './PersistenceExtension.ts';
import { ServerEditOrigin } from './ServerEditOrigin.ts';

/** Options of the checkpoint extension. */
export interface CheckpointOptions {
  /**
   * Shortest time between two versions of a document before an automatic checkpoint is taken.
   * @default CHECKPOINT_INTERVAL_MS
   */
  intervalMs?: number;
  /** The clock, for tests. @default () => Date.now() */
  now?: () => number;
  /**
   * The other nodes, if any: they learn who edited and when a version was stored, and only one
   * node at a time may take a document's checkpoint. @default a single node
   */
  cluster?: Cluster;
}

/**
 * Takes automatic checkpoints while people edit, merged so a busy hour makes a handful.
 *
 * The rule: when a store (the debounced compaction, at most COMPACTION_MAX_DEBOUNCE_MS after an
 * edit) finds that the text changed since the document's newest version, and that version (named
 * or checkpoint) is at least `intervalMs` old, or there is none, the current state becomes a
 * checkpoint. So a document edited without pause gets one checkpoint per interval, an idle one
 * gets none, and the edits of the last few minutes of a session are in the next checkpoint or
 * any later version; until then they are the current text, stored as always.
 *
 * It also records who edits (see EditTracker), for each version's list of authors. A failed
 * checkpoint is logged and tried again at the next store; the text itself is stored by the
 * persistence extension either way.
 */
export class CheckpointExtension implements Extension {
  extensionName = 'remiss-checkpoints';
  // After persistence (10), so the checkpoint follows the compaction of the same store.
  priority = 5;

  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly cluster: Cluster;
  /** Per document id: the instance whose edits are tracked, and how to stop tracking it. */
  private readonly watched = new Map<string, { document: Y.Doc; detach: () => void }>();
  private stopped = false;
  /** Newest version time per document, once read, so most stores need no query. */
  private readonly newestAt = new Map<string, number>();

  constructor(
    private readonly storage: Storage,
    private readonly recorder: VersionRecorder,
    private readonly tracker: EditTracker,
    private readonly logger: Logger,
    options: CheckpointOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? CHECKPOINT_INTERVAL_MS;
    this.now = options.now ?? (() => Date.now());
    this.cluster = options.cluster ?? new SingleNode();
    this.cluster.subscribe((event) => this.heardFromCluster(event));
  }

  /** What other nodes saw: edits of documents loaded here, and versions they stored. */
  private heardFromCluster(event: ClusterEvent): void {
    // Only documents loaded here are tracked; one loaded later reads its newest version afresh.
    if (!('documentId' in event) || !this.watched.has(event.documentId)) return;
    if (event.type === 'edited') this.tracker.noteEdit(event.documentId, event.userId);
    if (event.type === 'version-stored') {
      // Edits up to now are in that version; the node that stored it listed their authors.
      this.tracker.take(event.documentId);
      this.newestAt.set(event.documentId, Date.parse(event.at));
    }
  }

  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      // A relayed edit was noted, and told to every node, by the node where it was made.
      if (origin === LOAD_ORIGIN || origin === REDIS_ORIGIN) return;
      let userId: string | null = null;
      if (origin instanceof Connection) userId = readCollabContext(origin.context)?.userId ?? null;
      else if (origin instanceof ServerEditOrigin) userId = origin.userId;
      if (this.tracker.noteEdit(documentName, userId)) {
        this.cluster.publish({ type: 'edited', documentId: documentName, userId });
      }
    };
    document.on('update', onUpdate);
    this.watched.set(documentName, { document, detach: () => document.off('update', onUpdate) });
  }

  async afterUnloadDocument({ documentName, instance }: afterUnloadDocumentPayload): Promise<void> {
    // The hook names only the id. Hocuspocus may already have loaded a fresh instance under it
    // (see LiveDocumentGuard); that one keeps its tracking.
    const watched = this.watched.get(documentName);
    if (watched && instance.documents.get(documentName) === watched.document) return;
    watched?.detach();
    this.watched.delete(documentName);
    this.newestAt.delete(documentName);
    this.tracker.forget(documentName);
    this.recorder.forget(documentName);
  }

  async onStoreDocument({ document, documentName }: onStoreDocumentPayload): Promise<void> {
    // After shutdown has stored everything, Hocuspocus still stores documents as their last
    // connections close; by then the database is closed. Edits since the newest version are in
    // the stored text and go into the next checkpoint after the restart.
    if (this.stopped || this.watched.get(documentName)?.document !== document) return;
    await this.checkpointIfDue(documentName, document);
  }

  /** Takes no more checkpoints: the server is shutting down. */
  stop(): void {
    this.stopped = true;
  }

  /** Tells the extension a version was just stored by someone else (a named version, a restore). */
  versionStored(documentId: string, at: string): void {
    this.newestAt.set(documentId, Date.parse(at));
    this.cluster.publish({ type: 'version-stored', documentId, at });
  }

  /**
   * Takes a checkpoint of `document` if the rule above says so. Returns whether one was taken.
   * Never throws: a failure is logged and the edits stay pending for the next store.
   */
  async checkpointIfDue(documentId: string, document: Y.Doc): Promise<boolean> {
    if (!this.tracker.hasChanges(documentId)) return false;
    // Several nodes store the same document: one at a time decides, and the others skip.
    try {
      const taken = await this.cluster.whileHolding(
        `checkpoint:${documentId}`,
        CHECKPOINT_LOCK_TTL_MS,
        () => this.takeIfDue(documentId, document),
      );
      return taken ?? false;
    } catch (error) {
      // Redis unreachable: the edits stay pending, and the next store tries again.
      this.logger.error('could not take the checkpoint lock; no checkpoint this time', {
        documentId,
        error,
      });
      return false;
    }
  }

  private async takeIfDue(documentId: string, document: Y.Doc): Promise<boolean> {
    try {
      // Another node may have stored a version a moment ago; its event may still be on the way.
      let newest = this.cluster.shared ? undefined : this.newestAt.get(documentId);
      if (newest === undefined) {
        const [latest] = await this.storage.versions.listForDocument(documentId, 1);
        newest = latest ? Date.parse(latest.createdAt) : Number.NEGATIVE_INFINITY;
        this.newestAt.set(documentId, newest);
      }
      if (this.now() - newest < this.intervalMs) return false;
    } catch (error) {
      this.logger.error('could not read the newest version; no checkpoint this time', {
        documentId,
        error,
      });
      return false;
    }
    // State and authors from one synchronous step, so they describe the same moment.
    const takenAt = this.now();
    const pending = this.tracker.take(documentId);
    const state = Y.encodeStateAsUpdate(document);
    try {
      const version = await this.recorder.record({
        documentId,
        kind: 'checkpoint',
        reason: 'interval',
        name: null,
        note: null,
        createdBy: pending.authors.at(-1) ?? null,
        authors: pending.authors,
        state,
      });
      this.versionStored(documentId, new Date(takenAt).toISOString());
      this.logger.info('checkpoint taken', { documentId, versionId: version.id });
      return true;
    } catch (error) {
      this.tracker.putBack(documentId, pending);
      this.logger.error('could not store a checkpoint; will try at the next store', {
        documentId,
        error,
      });
      return false;
    }
  }
}
