import { Buffer } from 'node:buffer';
import { Router } from 'express';
import type { ExportQuery } from '../../../../shared/api/export.ts';
import { exportQuerySchema } from '../../../../shared/api/export.ts';
import { requireUser } from '../../../auth/authenticate.ts';
import { buildExportDocument, type ExportSources } from '../../../export/buildExportDocument.ts';
import type { ExportDocument } from '../../../export/ExportDocument.ts';
import { exportFilename } from '../../../export/exportFilename.ts';
import type { RenderedExport } from '../../../export/renderExport.ts';
import { attachmentDisposition } from '../../../http/attachmentDisposition.ts';
import { BadRequest } from '../../../http/HttpError.ts';
import { parseInput } from '../../../http/parseBody.ts';

/** What the export route needs: where the text and threads come from, and who writes the file. */
export interface ExportRouterDeps extends ExportSources {
  /** Writes the file; in production `ExportWorker.render`, off the main thread. */
  render: (doc: ExportDocument, query: ExportQuery) => Promise<RenderedExport>;
}

/**
 * `GET /api/documents/:id/export?format=…&version=…&titlePage=…&numbers=…&comments=…&lang=…`,
 * for any member: the current text, or a version, as a download in the format asked for (see
 * `exportQuerySchema`), with the threads the member may read when comments are asked for. The
 * file is named after the title and the version, in UTF-8 with an ASCII stand-in. A bad query is
 * a 400 naming the field, an unknown version a 404.
 */
export function exportRouter(deps: ExportRouterDeps): Router {
  const router = Router();

  router.get('/documents/:id/export', async (req, res) => {
    const user = requireUser(res);
    const query = parseInput(exportQuerySchema, req.query);
    // Only Word has tracked changes; another format would drop them without a word.
    if (query.trackedChanges && query.format !== 'docx') {
      throw BadRequest('Tracked changes exist only in DOCX: use format=docx or leave them out.', {
        field: 'trackedChanges',
      });
    }
    const doc = await buildExportDocument(deps, req.params.id, user, query);
    const rendered = await deps.render(doc, query);
    res.setHeader('Content-Type', rendered.contentType);
    res.setHeader(
      'Content-Disposition',
      attachmentDisposition(exportFilename(doc, rendered.extension)),
    );
    // The file may hold comments and names: no cache may keep a copy.
    res.setHeader('Cache-Control', 'no-store');
    // A downloaded HTML export is opened from disk; served, it must not run or load anything.
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(Buffer.from(rendered.bytes.buffer, rendered.bytes.byteOffset, rendered.bytes.length));
  });

  return router;
}
