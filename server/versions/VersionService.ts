import type { Hocuspocus } from '@hocuspocus/server';
import type { JSONContent } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import * as Y from 'yjs';
import type { z } from 'zod';
import type { Thread } from '../../shared/api/comments.ts';
import {
  CURRENT_TEXT,
  type CompareResponse,
  type createVersionRequestSchema,
  type Version,
} from '../../shared/api/versions.ts';
import { diffDocuments } from '../../shared/diff/diffDocuments.ts';
import { MAX_DOCUMENT_BYTES, MAX_VERSIONS_LISTED } from '../../shared/limits.ts';
import type { CheckpointExtension } from '../collab/CheckpointExtension.ts';
import { assertDocumentSize, DocumentTooLargeError } from '../collab/documentSize.ts';
import { ServerEditOrigin } from '../collab/ServerEditOrigin.ts';
import { MadeOnVersions } from '../comments/MadeOnVersions.ts';
import { PeopleDirectory } from '../comments/PeopleDirectory.ts';
import { presentThread, readerOf } from '../comments/presentThread.ts';
import { readLiveDocument } from '../comments/readLiveDocument.ts';
import { yDocToProseMirror } from '../editor/yDocToProseMirror.ts';
import { HttpError, NotFound, Unavailable } from '../http/HttpError.ts';
import type { Logger } from '../logger.ts';
import { requireDocumentRole } from '../routes/api/documents/documentAccess.ts';
import { toTiptapJson } from '../editor/toTiptapJson.ts';
import type { Storage, UserRecord, VersionRecord } from '../storage/types.ts';
import { applyContent } from './applyContent.ts';
import type { EditTracker } from './EditTracker.ts';
import { placeThreadsInVersion } from './placeThreadsInVersion.ts';
import { renderDocumentHtml } from './renderDocumentHtml.ts';
import { stateToProseMirror } from './stateToProseMirror.ts';
import { threadAsOf } from './threadAsOf.ts';
import type { VersionRecorder } from './VersionRecorder.ts';
import { VersionStateCorrupt } from './versionState.ts';

type CreateVersionInput = z.output<typeof createVersionRequestSchema>;

/** State, text and pending authors of a live document, read in one synchronous step. */
type Moment = ReturnType<VersionService['captureMoment']>;

/**
 * How often a restore re-takes its pre-restore checkpoint when the text changed while the
 * checkpoint was being stored. With SQLite the store is synchronous and this never repeats; an
 * asynchronous store under heavy typing might.
 */
const RESTORE_ATTEMPTS = 3;

/** What the version service needs. */
export interface VersionServiceDeps {
  storage: Storage;
  /** The collaboration engine, whose live documents versions are taken from and restored into. */
  hocuspocus: Hocuspocus;
  edits: EditTracker;
  checkpoints: CheckpointExtension;
  recorder: VersionRecorder;
  logger: Logger;
  /** Largest state a restore or import may leave. @default MAX_DOCUMENT_BYTES */
  maxDocumentBytes?: number;
}

/**
 * Named versions, checkpoints, comparing and restoring. Versions are taken from the live Y.Doc
 * (what editors are typing into), and a restore is written into it as a new change, attributed
 * to the editor, after the text before it is kept as a checkpoint: nothing is ever destroyed.
 */
export class VersionService {
  private readonly storage: Storage;
  private readonly hocuspocus: Hocuspocus;
  private readonly edits: EditTracker;
  private readonly checkpoints: CheckpointExtension;
  private readonly recorder: VersionRecorder;
  private readonly logger: Logger;
  private readonly maxDocumentBytes: number;

  constructor(deps: VersionServiceDeps) {
    this.storage = deps.storage;
    this.hocuspocus = deps.hocuspocus;
    this.edits = deps.edits;
    this.checkpoints = deps.checkpoints;
    this.recorder = deps.recorder;
    this.logger = deps.logger.child({ component: 'versions' });
    this.maxDocumentBytes = deps.maxDocumentBytes ?? MAX_DOCUMENT_BYTES;
  }

  /** A document's versions, newest first (members). */
  async list(documentId: string, viewer: UserRecord): Promise<Version[]> {
    await requireDocumentRole(this.storage, documentId, viewer, 'viewer');
    const records = await this.storage.versions.listForDocument(documentId, MAX_VERSIONS_LISTED);
    const people = new PeopleDirectory(this.storage.users);
    return Promise.all(records.map((record) => present(record, people)));
  }

  /** Names the current text as a version (editors and up). */
  async createNamed(
    documentId: string,
    actor: UserRecord,
    input: CreateVersionInput,
  ): Promise<{ id: string }> {
    await requireDocumentRole(this.storage, documentId, actor, 'editor');
    const note = input.note === undefined || input.note === '' ? null : input.note;
    const moment = await readLiveDocument(this.hocuspocus, documentId, this.logger, (doc) =>
      this.captureMoment(documentId, doc),
    );
    const version = await this.store(documentId, moment, {
      kind: 'named',
      reason: null,
      name: input.name,
      note,
      createdBy: actor.id,
    });
    this.logger.info('named version created', { documentId, versionId: version.id });
    return { id: version.id };
  }

  /** One version with its text as Tiptap JSON (members). */
  async get(
    documentId: string,
    versionId: string,
    viewer: UserRecord,
  ): Promise<Version & { content: JSONContent }> {
    await requireDocumentRole(this.storage, documentId, viewer, 'viewer');
    const { version, state } = await this.loadVersion(documentId, versionId);
    const content = toTiptapJson(stateToProseMirror(state));
    return { ...(await present(version, new PeopleDirectory(this.storage.users))), content };
  }

  /** One version's whole Yjs state, for a client to show it read-only (members). */
  async state(documentId: string, versionId: string, viewer: UserRecord): Promise<Uint8Array> {
    await requireDocumentRole(this.storage, documentId, viewer, 'viewer');
    return (await this.loadVersion(documentId, versionId)).state;
  }

  /**
   * The threads as they stood when a version was made, placed in its text (members): those
   * started by then, with the status, disposition and comments of that moment (see
   * `threadAsOf`), in the order of that version's text.
   */
  async threads(documentId: string, versionId: string, viewer: UserRecord): Promise<Thread[]> {
    const { role } = await requireDocumentRole(this.storage, documentId, viewer, 'viewer');
    const { version, state } = await this.loadVersion(documentId, versionId);
    const at = version.createdAt;
    const threads = (await this.storage.threads.listForDocument(documentId)).filter(
      (thread) => thread.createdAt <= at,
    );
    if (threads.length === 0) return [];
    const [history, comments] = [
      await this.storage.threads.historyForDocument(documentId),
      await this.storage.comments.listForDocument(documentId),
    ];
    const asOf = new Map(
      threads.map((thread) => [thread.id, threadAsOf(thread, history, comments, at)]),
    );
    const doc = new Y.Doc();
    let placed;
    try {
      Y.applyUpdate(doc, state);
      placed = placeThreadsInVersion(
        doc,
        [...asOf.values()].map((entry) => entry.thread),
      );
    } finally {
      doc.destroy();
    }
    const people = new PeopleDirectory(this.storage.users);
    const reader = readerOf(viewer, role);
    const madeOn = await MadeOnVersions.load(this.storage, documentId);
    return Promise.all(
      placed.map(({ thread, resolved }) =>
        presentThread(
          thread,
          resolved,
          asOf.get(thread.id)?.comments ?? [],
          reader,
          people,
          madeOn,
        ),
      ),
    );
  }

  /** One version's text as a safe HTML fragment (members). */
  async html(documentId: string, versionId: string, viewer: UserRecord): Promise<string> {
    await requireDocumentRole(this.storage, documentId, viewer, 'viewer');
    const { state } = await this.loadVersion(documentId, versionId);
    return renderDocumentHtml(stateToProseMirror(state));
  }

  /** Compares two versions, or a version and the current text (members). */
  async compare(
    documentId: string,
    from: string,
    to: string,
    viewer: UserRecord,
  ): Promise<CompareResponse> {
    await requireDocumentRole(this.storage, documentId, viewer, 'viewer');
    const [before, after] = [
      await this.contentOf(documentId, from),
      await this.contentOf(documentId, to),
    ];
    return { from, to, diff: diffDocuments(before, after) };
  }

  /**
   * Restores a version as a new change on top of the current text (editors and up). First the
   * current text is kept as a checkpoint (`reason: 'before-restore'`), whose id is returned: to
   * undo the restore, restore that checkpoint.
   *
   * @throws HttpError 409 when people kept changing the text so fast that no checkpoint of the
   *   text just before the restore could be stored.
   */
  async restore(
    documentId: string,
    versionId: string,
    actor: UserRecord,
  ): Promise<{ checkpointId: string }> {
    await requireDocumentRole(this.storage, documentId, actor, 'editor');
    const target = stateToProseMirror((await this.loadVersion(documentId, versionId)).state);
    const { checkpointId } = await this.replaceText(documentId, actor, target, 'restore');
    this.logger.info('version restored', { documentId, versionId, checkpointId, userId: actor.id });
    return { checkpointId };
  }

  /**
   * Makes imported text the document's current text, as a restore does (editors and up): the
   * text before is kept as a checkpoint, the imported text is applied as one change attributed
   * to the importer, and the result is kept as the named version `name`.
   */
  async importText(
    documentId: string,
    actor: UserRecord,
    content: ProseMirrorNode,
    name: string,
  ): Promise<{ versionId: string; checkpointId: string }> {
    await requireDocumentRole(this.storage, documentId, actor, 'editor');
    const { checkpointId, after } = await this.replaceText(
      documentId,
      actor,
      content,
      'import',
      true,
    );
    if (!after) throw new Error('an applied import captured no state');
    const version = await this.store(documentId, after, {
      kind: 'named',
      reason: null,
      name,
      note: null,
      createdBy: actor.id,
    });
    this.logger.info('text imported as a version', {
      documentId,
      versionId: version.id,
      checkpointId,
      userId: actor.id,
    });
    return { versionId: version.id, checkpointId };
  }

  /**
   * Replaces the live text by `target` as one change by `actor`, after keeping the text before
   * as a `before-restore` checkpoint. Returns the checkpoint's id and, with `captureAfter`, the
   * moment right after the change, captured in the same step, for a version of the new text.
   */
  private async replaceText(
    documentId: string,
    actor: UserRecord,
    target: ProseMirrorNode,
    purpose: 'restore' | 'import',
    captureAfter = false,
  ): Promise<{ checkpointId: string; after: Moment | null }> {
    let connection;
    try {
      connection = await this.hocuspocus.openDirectConnection(documentId, {
        purpose,
        userId: actor.id,
      });
    } catch (error) {
      this.logger.error('could not load a document to change its text', {
        documentId,
        purpose,
        error,
      });
      throw Unavailable(
        'The document could not be loaded, so its text cannot be replaced right now. ' +
          'Nothing was changed.',
        { reason: 'document-load-failed' },
      );
    }
    try {
      const document = connection.document;
      if (!document) throw new Error(`direct connection to ${documentId} has no document`);
      this.checkSizeAfter(document, target);
      for (let attempt = 0; attempt < RESTORE_ATTEMPTS; attempt += 1) {
        const before = Y.snapshot(document);
        const checkpoint = await this.store(documentId, this.captureMoment(documentId, document), {
          kind: 'checkpoint',
          reason: 'before-restore',
          name: null,
          note: null,
          createdBy: actor.id,
        });
        const outcome = { applied: false, after: null as Moment | null };
        // transact runs the store hooks afterwards, which compact the change into the database.
        await connection.transact((live) => {
          // Only restore over exactly the text the checkpoint holds, or an edit made while it
          // was stored would be overwritten without being kept anywhere.
          if (!Y.equalSnapshots(before, Y.snapshot(live))) return;
          live.transact(() => applyContent(live, target), new ServerEditOrigin(actor.id, purpose));
          outcome.applied = true;
          // An import is kept as a version of exactly this text, so it is captured right here.
          if (captureAfter) outcome.after = this.captureMoment(documentId, live);
        });
        if (outcome.applied) {
          this.checkRestored(documentId, document, target);
          return { checkpointId: checkpoint.id, after: outcome.after };
        }
      }
      throw new HttpError(
        409,
        'conflict',
        'The text kept changing while the change was being prepared. Nothing was changed; ' +
          'try again.',
        { reason: 'document-changing' },
      );
    } finally {
      try {
        await connection.disconnect();
      } catch (error) {
        // Storing failures are the persistence extension's to retry and report.
        this.logger.warn('closing a direct connection failed', { documentId, error });
      }
    }
  }

  /**
   * Refuses a restore or import whose result would be over MAX_DOCUMENT_BYTES, the limit the
   * collaboration socket holds editors to, before anything is stored or changed. The change is
   * tried on a copy: a Yjs document keeps what was deleted, so only the result tells its size.
   */
  private checkSizeAfter(live: Y.Doc, target: ProseMirrorNode): void {
    const copy = new Y.Doc({ gc: live.gc });
    try {
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(live));
      applyContent(copy, target);
      assertDocumentSize(copy, this.maxDocumentBytes);
    } catch (error) {
      if (!(error instanceof DocumentTooLargeError)) throw error;
      throw new HttpError(
        413,
        'payload_too_large',
        `The text would make the document ${error.bytes} bytes, over the limit of ` +
          `${error.maxBytes} bytes. Nothing was changed.`,
        { reason: 'document-too-large' },
      );
    } finally {
      copy.destroy();
    }
  }

  /** State, text and pending authors of a live document, read in one synchronous step. */
  private captureMoment(documentId: string, doc: Y.Doc) {
    return {
      state: Y.encodeStateAsUpdate(doc),
      pending: this.edits.take(documentId),
    };
  }

  /** Stores a version of a captured moment; gives the authors back if storing fails. */
  private async store(
    documentId: string,
    moment: ReturnType<VersionService['captureMoment']>,
    meta: Pick<VersionRecord, 'kind' | 'reason' | 'name' | 'note' | 'createdBy'>,
  ): Promise<VersionRecord> {
    try {
      const version = await this.recorder.record({
        documentId,
        ...meta,
        authors: moment.pending.authors,
        state: moment.state,
      });
      this.checkpoints.versionStored(documentId, version.createdAt);
      return version;
    } catch (error) {
      this.edits.putBack(documentId, moment.pending);
      this.logger.error('could not store a version', { documentId, kind: meta.kind, error });
      throw Unavailable('The version could not be stored. Nothing was changed; try again.');
    }
  }

  /** A version and its whole state, read back from its chain and checked. */
  private async loadVersion(
    documentId: string,
    versionId: string,
  ): Promise<{ version: VersionRecord; state: Uint8Array }> {
    const version = await this.storage.versions.get(documentId, versionId);
    if (!version) throw NotFound('No such version of this document.');
    try {
      const state = await this.recorder.readState(documentId, versionId);
      if (state === null) throw NotFound('No such version of this document.');
      return { version, state };
    } catch (error) {
      if (!(error instanceof VersionStateCorrupt)) throw error;
      this.logger.error('a stored version failed its checksum', { documentId, versionId, error });
      throw Unavailable(
        'This version is damaged in storage and cannot be read. An operator has been told.',
        { reason: 'version-corrupt' },
      );
    }
  }

  /** The text of a version, or of the live document for `current`, as Tiptap JSON. */
  private async contentOf(documentId: string, side: string): Promise<JSONContent> {
    if (side === CURRENT_TEXT) {
      return readLiveDocument(this.hocuspocus, documentId, this.logger, (doc) =>
        toTiptapJson(yDocToProseMirror(doc)),
      );
    }
    const { state } = await this.loadVersion(documentId, side);
    return toTiptapJson(stateToProseMirror(state));
  }

  /**
   * Logs when a restored text differs from the version. updateYFragment is y-tiptap's
   * "unstable" API, so this is where a change in it would first show.
   */
  private checkRestored(documentId: string, document: Y.Doc, target: ProseMirrorNode): void {
    if (!yDocToProseMirror(document).eq(target)) {
      this.logger.error('a restored text differs from its version', { documentId });
    }
  }
}

/** A version as the API shows it. */
async function present(record: VersionRecord, people: PeopleDirectory): Promise<Version> {
  return {
    id: record.id,
    kind: record.kind,
    reason: record.reason,
    name: record.name,
    note: record.note,
    createdAt: record.createdAt,
    createdBy: record.createdBy === null ? null : await people.get(record.createdBy),
    authors: await people.list(record.authors),
    summary: record.summary,
  };
}
