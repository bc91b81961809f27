import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import type * as Y from 'yjs';
import type { Thread } from '../../shared/api/comments.ts';
import type { ExportQuery } from '../../shared/api/export.ts';
import { translate } from '../../shared/i18n/translate.ts';
import { buildReportRows } from '../comments/report/buildReportRows.ts';
import { yieldToEventLoop } from '../comments/yieldToEventLoop.ts';
import { REPORT_TIME_ZONE } from '../comments/report/formatReportTime.ts';
import { paragraphLabels } from '../comments/report/paragraphLabels.ts';
import { yDocToProseMirror } from '../editor/yDocToProseMirror.ts';
import { toTiptapJson } from '../editor/toTiptapJson.ts';
import { NotFound } from '../http/HttpError.ts';
import { requireDocumentRole } from '../routes/api/documents/documentAccess.ts';
import type { Storage, UserRecord, VersionRecord } from '../storage/types.ts';
import { stateToProseMirror } from '../versions/stateToProseMirror.ts';
import type { ExportDocument, ExportThread } from './ExportDocument.ts';

/** What building an export needs; passed in, so tests and the route share one path. */
export interface ExportSources {
  /** Checks membership and gives the document's title and the version's name. */
  storage: Storage;
  /**
   * Every thread of the current text as `viewer` may see it, in document order: in production
   * `CommentService.listThreads`, which withholds hidden and deleted text.
   */
  listThreads: (documentId: string, viewer: UserRecord) => Promise<Thread[]>;
  /**
   * Runs `read` on the document's live Y.Doc (`readLiveDocument`), so the current text exported
   * is exactly what editors see now.
   */
  readDocument: <T>(documentId: string, read: (doc: Y.Doc) => T) => Promise<T>;
  /** A version's whole Yjs state (`VersionService.state`, which checks membership again). */
  versionState: (documentId: string, versionId: string, viewer: UserRecord) => Promise<Uint8Array>;
  /** The threads as they stood in a version, placed in its text (`VersionService.threads`). */
  versionThreads: (documentId: string, versionId: string, viewer: UserRecord) => Promise<Thread[]>;
  /** The clock, for "exported at" and the title page of the current text. @default new Date() */
  now?: () => Date;
  /** Time zone of every time the export shows. @default REPORT_TIME_ZONE */
  timeZone?: string;
}

/** What a version is called on a title page and in a file name: checkpoints have no name. */
function versionName(version: VersionRecord, language: ExportDocument['language']): string {
  if (version.kind === 'named' && version.name !== null) return version.name;
  return translate(
    language,
    version.reason === 'before-restore' ? 'versions.beforeRestore' : 'versions.checkpoint',
  );
}

/** A thread of the report with where it sits in the exported text. */
function placed(threads: readonly Thread[], rows: ReturnType<typeof buildReportRows>) {
  return rows.map((row, index): ExportThread => {
    const anchor = threads[index]?.anchor;
    const thread = threads[index];
    const proposal = thread?.proposal;
    return {
      ...row,
      blockId: anchor?.blockId ?? null,
      wholeBlock: anchor?.kind === 'block',
      proposal:
        row.proposal && proposal
          ? {
              ...row.proposal,
              placement: proposal.placement,
              marks: proposal.marks,
              decided: proposal.decided && {
                at: proposal.decided.at,
                by: {
                  name: proposal.decided.by.name,
                  organisation: proposal.decided.by.organisation,
                },
                reason: proposal.decided.reason,
              },
            }
          : null,
    };
  });
}

/**
 * Gathers one document as `viewer` may read it into the plain `ExportDocument` every renderer
 * writes out: the current text (from the live Y.Doc) or a version's text (from its stored
 * state), its paragraph numbers, and, unless comments are left out, its threads: the current
 * ones for the current text, and for a version those as they stood when it was made, placed in
 * its text, as the version page shows them.
 *
 * @throws HttpError 404 for an unknown document or version, 403 for a non-member.
 */
export async function buildExportDocument(
  sources: ExportSources,
  documentId: string,
  viewer: UserRecord,
  query: Pick<ExportQuery, 'version' | 'comments' | 'lang'> &
    Partial<Pick<ExportQuery, 'format' | 'trackedChanges'>>,
): Promise<ExportDocument> {
  const { document, role } = await requireDocumentRole(
    sources.storage,
    documentId,
    viewer,
    'viewer',
  );
  const exportedAt = (sources.now ?? (() => new Date()))();
  // Slides show each section's comment count and heat whatever the comments option says.
  // Tracked changes are the open proposals, which are threads, whether or not comments are asked.
  const wantThreads =
    query.comments !== 'none' ||
    query.format === 'slides-html' ||
    query.format === 'slides-pdf' ||
    query.trackedChanges === true;

  let text: ProseMirrorNode;
  let threads: Thread[] = [];
  let version: ExportDocument['version'] = null;
  if (query.version === undefined) {
    text = await sources.readDocument(documentId, (doc) => yDocToProseMirror(doc));
    if (wantThreads) threads = await sources.listThreads(documentId, viewer);
  } else {
    const record = await sources.storage.versions.get(documentId, query.version);
    if (!record) throw NotFound('No such version of this document.');
    text = stateToProseMirror(await sources.versionState(documentId, record.id, viewer));
    if (wantThreads) threads = await sources.versionThreads(documentId, record.id, viewer);
    version = { id: record.id, name: versionName(record, query.lang), createdAt: record.createdAt };
  }

  // Each phase below walks the whole text (a 200-page draft: 5 to 35 ms apiece on the bench
  // machine); between them the sockets people type through get their turn. The text was read in
  // one piece above, so nothing that changes meanwhile reaches the export.
  await yieldToEventLoop();
  const labels = paragraphLabels(text);
  const rows = buildReportRows({ threads, labels, viewerRole: role });
  await yieldToEventLoop();
  const content = toTiptapJson(text);
  await yieldToEventLoop();
  return {
    title: document.title,
    version,
    exportedAt: exportedAt.toISOString(),
    timeZone: sources.timeZone ?? REPORT_TIME_ZONE,
    language: query.lang,
    content,
    labels: Object.fromEntries(labels),
    threads: placed(threads, rows),
  };
}
