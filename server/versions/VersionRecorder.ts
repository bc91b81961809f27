import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type {
  CheckpointReason,
  Storage,
  VersionChainEnd,
  VersionKind,
  VersionRecord,
} from '../storage/types.ts';
import { prepareVersion, type PreparedVersion } from './prepareVersion.ts';
import { decodeVersionState } from './versionState.ts';
import { VersionWorker } from './VersionWorker.ts';

/** What a new version is made of. */
export interface NewVersion {
  documentId: string;
  kind: VersionKind;
  reason: CheckpointReason | null;
  name: string | null;
  note: string | null;
  createdBy: string | null;
  authors: string[];
  /** `Y.encodeStateAsUpdate` of the live document at that moment. */
  state: Uint8Array;
}

/**
 * The one way versions are stored and their text read back. Versions of one document are
 * stored one at a time, each as a link after the one before (see `encodeVersionState`); two
 * stored at once would otherwise both claim the same place in the chain.
 *
 * It remembers the state of each document's newest version while the document is loaded, so the
 * change summary of the next version needs no decoding of the stored chain, and it prepares
 * versions in a worker thread (see `VersionWorker`).
 */
export class VersionRecorder {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly newest = new Map<string, { versionId: string; state: Uint8Array }>();
  private readonly worker = new VersionWorker();
  private readonly logger: Logger;

  constructor(
    private readonly storage: Storage,
    logger: Logger,
  ) {
    this.logger = logger.child({ component: 'versions' });
  }

  /** Stores a version with the summary of its change from the document's newest version. */
  record(input: NewVersion): Promise<VersionRecord> {
    return this.serially(input.documentId, async () => {
      const end = await this.storage.versions.chainEnd(input.documentId);
      const before = end === null ? null : await this.stateOf(input.documentId, end.versionId);
      const { summary, link } = await this.prepare(input.documentId, before, input.state, end);
      const record: VersionRecord = {
        id: randomUUID(),
        documentId: input.documentId,
        kind: input.kind,
        reason: input.reason,
        name: input.name,
        note: input.note,
        createdBy: input.createdBy,
        createdAt: new Date().toISOString(),
        summary,
        authors: input.authors,
      };
      await this.storage.versions.create(record, link);
      this.newest.set(input.documentId, { versionId: record.id, state: input.state });
      return record;
    });
  }

  /**
   * The whole Yjs state of a version, or null if the document has no such version.
   * @throws VersionStateCorrupt when its stored text is damaged.
   */
  async readState(documentId: string, versionId: string): Promise<Uint8Array | null> {
    const chain = await this.storage.versions.stateChain(documentId, versionId);
    if (chain.length === 0) return null;
    return decodeVersionState(chain);
  }

  /** Drops what is remembered of a document that was unloaded. */
  forget(documentId: string): void {
    this.newest.delete(documentId);
  }

  /** Stops the version worker. */
  async close(): Promise<void> {
    await this.worker.close();
  }

  /**
   * The state of a version, for a summary. A version whose text cannot be read is logged and
   * counted as empty, rather than blocking every later version.
   */
  private async stateOf(documentId: string, versionId: string): Promise<Uint8Array | null> {
    const remembered = this.newest.get(documentId);
    if (remembered?.versionId === versionId) return remembered.state;
    try {
      return await this.readState(documentId, versionId);
    } catch (error) {
      this.logger.error('could not read the previous version; its summary counts from nothing', {
        documentId,
        versionId,
        error,
      });
      return null;
    }
  }

  /**
   * The summary and link, from the worker; if the worker fails, computed here instead, since a
   * version must be stored even when preparing it is slow to come by.
   */
  private async prepare(
    documentId: string,
    before: Uint8Array | null,
    after: Uint8Array,
    end: VersionChainEnd | null,
  ): Promise<PreparedVersion> {
    try {
      return await this.worker.prepare(before, after, end);
    } catch (error) {
      this.logger.warn('the version worker failed; preparing the version on the main thread', {
        documentId,
        error,
      });
      return prepareVersion(before, after, end);
    }
  }

  /** Runs `work` after every earlier `work` of the same document has settled. */
  private serially<T>(documentId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(documentId) ?? Promise.resolve();
    const result = previous.then(work);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(documentId, settled);
    void settled.then(() => {
      if (this.queues.get(documentId) === settled) this.queues.delete(documentId);
    });
    return result;
  }
}
