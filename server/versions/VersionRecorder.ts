import { randomUUID } from 'node:crypto';
import type { JSONContent } from '@tiptap/core';
import { toTiptapJson } from '../editor/toTiptapJson.ts';
import type { Logger } from '../logger.ts';
import type { CheckpointReason, Storage, VersionKind, VersionRecord } from '../storage/types.ts';
import { stateToProseMirror } from './stateToProseMirror.ts';
import { summariseChange } from './summariseChange.ts';
import { decodeVersionState, encodeVersionState } from './versionState.ts';

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
  /** The same moment's text as Tiptap JSON, for the change summary. */
  content: JSONContent;
}

/**
 * The one way versions are stored and their text read back. Versions of one document are
 * stored one at a time, each as a link after the one before (see `encodeVersionState`); two
 * stored at once would otherwise both claim the same place in the chain.
 *
 * It remembers the text of each document's newest version while the document is loaded, so the
 * change summary of the next version needs no decoding of the stored chain.
 */
export class VersionRecorder {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly newest = new Map<string, { versionId: string; content: JSONContent }>();
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
      const before = end === null ? null : await this.contentOf(input.documentId, end.versionId);
      const link = await encodeVersionState(input.state, end);
      const record: VersionRecord = {
        id: randomUUID(),
        documentId: input.documentId,
        kind: input.kind,
        reason: input.reason,
        name: input.name,
        note: input.note,
        createdBy: input.createdBy,
        createdAt: new Date().toISOString(),
        summary: summariseChange(before, input.content),
        authors: input.authors,
      };
      await this.storage.versions.create(record, link);
      this.newest.set(input.documentId, { versionId: record.id, content: input.content });
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

  /**
   * The text of a version, for a summary. A version whose text cannot be read is logged and
   * counted as empty, rather than blocking every later version.
   */
  private async contentOf(documentId: string, versionId: string): Promise<JSONContent | null> {
    const remembered = this.newest.get(documentId);
    if (remembered?.versionId === versionId) return remembered.content;
    try {
      const state = await this.readState(documentId, versionId);
      return state === null ? null : toTiptapJson(stateToProseMirror(state));
    } catch (error) {
      this.logger.error('could not read the previous version; its summary counts from nothing', {
        documentId,
        versionId,
        error,
      });
      return null;
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
