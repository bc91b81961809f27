import { Buffer } from 'node:buffer';
import { Router } from 'express';
import type * as Y from 'yjs';
import type { Thread } from '../../../../shared/api/comments.ts';
import { requireUser } from '../../../auth/authenticate.ts';
import type { CommentReport } from '../../../comments/report/CommentReport.ts';
import type { CommentReportFormat } from '../../../comments/report/CommentReportFormat.ts';
import { buildReportRows } from '../../../comments/report/buildReportRows.ts';
import { REPORT_TIME_ZONE } from '../../../comments/report/formatReportTime.ts';
import { paragraphLabels } from '../../../comments/report/paragraphLabels.ts';
import { reportFilename } from '../../../comments/report/reportFilename.ts';
import type { ReportFormatOptions } from '../../../comments/report/ReportFormatOptions.ts';
import { toCsv } from '../../../comments/report/toCsv.ts';
import { toDocx } from '../../../comments/report/toDocx.ts';
import { toMarkdown } from '../../../comments/report/toMarkdown.ts';
import { toOdt } from '../../../comments/report/toOdt.ts';
import { yDocToProseMirror } from '../../../editor/yDocToProseMirror.ts';
import { ODT_MEDIA_TYPE } from '../../../export/odt/odfNamespaces.ts';
import { attachmentDisposition } from '../../../http/attachmentDisposition.ts';
import { parseInput } from '../../../http/parseBody.ts';
import type { Storage, UserRecord } from '../../../storage/types.ts';
import { requireDocumentRole } from '../documents/documentAccess.ts';
import { commentReportQuerySchema } from './commentReportQuery.ts';

/** What the comment report route needs; everything is passed in, so tests can swap any part. */
export interface CommentReportRouterDeps {
  /** Checks membership and gives the document's title. */
  storage: Storage;
  /**
   * Every thread of the document as `viewer` may see it, in document order: in production
   * `CommentService.listThreads`, which also withholds hidden and deleted text.
   */
  listThreads: (documentId: string, viewer: UserRecord) => Promise<Thread[]>;
  /**
   * Runs `read` on the document's current Y.Doc and returns its result: in production
   * `readLiveDocument` on the collaboration engine, so paragraph numbers are those of the text
   * people see now. `read` is synchronous and only reads.
   */
  readDocument: <T>(documentId: string, read: (doc: Y.Doc) => T) => Promise<T>;
  /** The clock, for the report's "generated" time. @default () => new Date() */
  now?: () => Date;
  /**
   * Time zone of every time in the report. Named in the report's header.
   * @default REPORT_TIME_ZONE ("Europe/Stockholm")
   */
  timeZone?: string;
}

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: ODT_MEDIA_TYPE,
} as const;

/** The report in one format: text for CSV and Markdown, bytes for the office formats. */
async function writeReport(
  format: CommentReportFormat,
  report: CommentReport,
  options: ReportFormatOptions,
): Promise<string | Uint8Array> {
  switch (format) {
    case 'csv':
      return toCsv(report, options);
    case 'md':
      return toMarkdown(report, options);
    case 'docx':
      return toDocx(report, options);
    case 'odt':
      return toOdt(report, options);
  }
}

/**
 * `GET /api/documents/:id/comment-report?format=csv|md|docx|odt&lang=sv|en`, for any member:
 * every thread of the document in document order, with paragraph numbers, quotes, authors and
 * their organisations, stances, replies, statuses and dispositions, as a download (CSV for
 * Excel, Markdown, Word or OpenDocument). What a viewer may not read in the sidebar (hidden
 * text, deleted text) is not in their report either.
 */
export function commentReportRouter(deps: CommentReportRouterDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const timeZone = deps.timeZone ?? REPORT_TIME_ZONE;

  router.get('/documents/:id/comment-report', async (req, res) => {
    const user = requireUser(res);
    const { format, lang } = parseInput(commentReportQuerySchema, req.query);
    const { document, role } = await requireDocumentRole(
      deps.storage,
      req.params.id,
      user,
      'viewer',
    );
    const threads = await deps.listThreads(document.id, user);
    const labels = await deps.readDocument(document.id, (doc) =>
      paragraphLabels(yDocToProseMirror(doc)),
    );
    const generatedAt = now();
    const report: CommentReport = {
      title: document.title,
      generatedAt,
      threads: buildReportRows({ threads, labels, viewerRole: role }),
    };
    const options: ReportFormatOptions = { locale: lang, timeZone };
    const body = await writeReport(format, report, options);
    const filename = reportFilename(document.title, format, { ...options, generatedAt });
    res.setHeader('Content-Type', CONTENT_TYPES[format]);
    res.setHeader('Content-Disposition', attachmentDisposition(filename));
    // The report names people and may hold moderated text: no cache may keep a copy.
    res.setHeader('Cache-Control', 'no-store');
    // Sent as bytes, so Express neither re-encodes the text nor rewrites the charset.
    res.send(typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body));
  });

  return router;
}
