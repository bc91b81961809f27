import { randomUUID } from 'node:crypto';
import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { titleSchema } from '../../../../shared/api/documents.ts';
import {
  type ImportDocumentResponse,
  importedVersionName,
  type ImportVersionResponse,
} from '../../../../shared/api/import.ts';
import { MAX_TITLE_LENGTH, MAX_VERSION_NAME_LENGTH } from '../../../../shared/limits.ts';
import { requireUser } from '../../../auth/authenticate.ts';
import { parseContent } from '../../../editor/schema.ts';
import { parseInput } from '../../../http/parseBody.ts';
import { detectFormat } from '../../../import/detectFormat.ts';
import type { ImportWorker } from '../../../import/ImportWorker.ts';
import { readUpload, type Upload } from '../../../import/readUpload.ts';
import type { Storage } from '../../../storage/types.ts';
import type { VersionService } from '../../../versions/VersionService.ts';
import { requireDocumentRole } from '../documents/documentAccess.ts';

/** What the import routes need. */
export interface ImportRouterDeps {
  storage: Storage;
  versions: VersionService;
  /** Converts uploads off the event loop; the server closes it at shutdown. */
  worker: ImportWorker;
}

const titleInputSchema = z.object({ title: titleSchema });

/** A title from the file's own: its stated title, else its name without the extension. */
function defaultTitle(fromFile: string | null, fileName: string): string {
  const candidate = (fromFile ?? fileName.replace(/\.[^.]*$/, '')).replace(/\s+/g, ' ').trim();
  const title = candidate.slice(0, MAX_TITLE_LENGTH).trim();
  return title === '' ? 'Importerat dokument' : title;
}

/**
 * Reads the upload once `check` passes. Until it is read, any refusal (not signed in, not
 * allowed, too large) closes the connection after the answer, so the server never reads the rest
 * of a file it has refused just to keep the connection open.
 */
async function readAfter(req: Request, res: Response, check: () => unknown): Promise<Upload> {
  res.setHeader('Connection', 'close');
  await check();
  const upload = await readUpload(req, res);
  res.removeHeader('Connection');
  return upload;
}

/**
 * Importing DOCX, Markdown and HTML files (multipart/form-data, field `file`): as a new document
 * (signed in; the importer becomes owner) or as a new version of an existing one (editors and
 * up). The file is read into memory, checked against what its name claims, and converted in a
 * worker thread; only a successful conversion creates or changes anything.
 */
export function importRouter({ storage, versions, worker }: ImportRouterDeps): Router {
  const router = Router();

  router.post('/documents/import', async (req, res) => {
    const upload = await readAfter(req, res, () => requireUser(res));
    const user = requireUser(res);
    const chosen =
      upload.title === undefined
        ? null
        : parseInput(titleInputSchema, { title: upload.title }).title;
    const format = detectFormat(upload.bytes, upload.fileName);
    const converted = await worker.convert(upload.bytes, format);
    const title = chosen ?? defaultTitle(converted.title, upload.fileName);
    const document = await storage.documents.create({
      id: randomUUID(),
      title,
      ownerId: user.id,
      initialState: converted.update,
    });
    await storage.audit.record({
      action: 'document-created',
      actorId: user.id,
      documentId: document.id,
      subjectId: null,
      details: {
        title,
        importedFrom: upload.fileName,
        format,
        warnings: converted.warnings.length,
      },
    });
    const body: ImportDocumentResponse = { id: document.id, title, warnings: converted.warnings };
    res.status(201).location(`/api/documents/${document.id}`).json(body);
  });

  router.post('/documents/:id/import', async (req, res) => {
    const user = requireUser(res);
    const documentId = req.params.id;
    // Refused before the upload is read, so a commenter's file is never even received.
    const upload = await readAfter(req, res, () =>
      requireDocumentRole(storage, documentId, user, 'editor'),
    );
    const format = detectFormat(upload.bytes, upload.fileName);
    const converted = await worker.convert(upload.bytes, format, true);
    if (!converted.content) throw new Error('the import worker sent no content');
    const name = importedVersionName(upload.fileName).slice(0, MAX_VERSION_NAME_LENGTH);
    const { versionId, checkpointId } = await versions.importText(
      documentId,
      user,
      parseContent(converted.content),
      name,
    );
    await storage.audit.record({
      action: 'document-imported',
      actorId: user.id,
      documentId,
      subjectId: versionId,
      details: { importedFrom: upload.fileName, format, checkpointId },
    });
    const body: ImportVersionResponse = { versionId, checkpointId, warnings: converted.warnings };
    res.status(201).json(body);
  });

  return router;
}
