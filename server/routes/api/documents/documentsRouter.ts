import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import {
  createDocumentRequestSchema,
  type DocumentSummary,
  updateDocumentRequestSchema,
} from '../../../../shared/api/documents.ts';
import type { Role } from '../../../../shared/api/roles.ts';
import { MAX_DOCUMENTS_LISTED } from '../../../../shared/limits.ts';
import { requireUser } from '../../../auth/authenticate.ts';
import type { CollabTokens } from '../../../collab/CollabTokens.ts';
import { emptyDocumentUpdate } from '../../../editor/contentToYUpdate.ts';
import { parseInput } from '../../../http/parseBody.ts';
import type { DocumentRecord, Storage } from '../../../storage/types.ts';
import { requireDocumentRole } from './documentAccess.ts';

/** A document as the API lists and opens it, with the caller's role. */
export function documentSummary(document: DocumentRecord, role: Role): DocumentSummary {
  return {
    id: document.id,
    title: document.title,
    role,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
    commentPeriod: document.commentPeriodClosesAt
      ? { closesAt: document.commentPeriodClosesAt }
      : null,
  };
}

/** Listing, creating, opening and renaming documents, and issuing collaboration tokens. */
export function documentsRouter(storage: Storage, tokens: CollabTokens): Router {
  const router = Router();

  router.get('/documents', async (_req, res) => {
    const user = requireUser(res);
    // Site admins act as owner everywhere, so they see every document.
    const documents = user.isAdmin
      ? (await storage.documents.listAll(MAX_DOCUMENTS_LISTED)).map((d) => ({
          ...d,
          role: 'owner' as const,
        }))
      : await storage.documents.listForUser(user.id, MAX_DOCUMENTS_LISTED);
    res.json({ documents: documents.map((document) => documentSummary(document, document.role)) });
  });

  router.post('/documents', async (req, res) => {
    const user = requireUser(res);
    const { title } = parseInput(createDocumentRequestSchema, req.body);
    const document = await storage.documents.create({
      id: randomUUID(),
      title,
      ownerId: user.id,
      initialState: emptyDocumentUpdate(),
    });
    await storage.audit.record({
      action: 'document-created',
      actorId: user.id,
      documentId: document.id,
      subjectId: null,
      details: { title },
    });
    res.status(201).location(`/api/documents/${document.id}`).json({ id: document.id });
  });

  router.get('/documents/:id', async (req, res) => {
    const user = requireUser(res);
    const { document, role } = await requireDocumentRole(storage, req.params.id, user, 'viewer');
    res.json(documentSummary(document, role));
  });

  router.patch('/documents/:id', async (req, res) => {
    const user = requireUser(res);
    const { title } = parseInput(updateDocumentRequestSchema, req.body);
    const { role } = await requireDocumentRole(storage, req.params.id, user, 'editor');
    const renamed = await storage.documents.rename(req.params.id, title);
    if (!renamed) throw new Error('document vanished while it was renamed');
    res.json(documentSummary(renamed, role));
  });

  router.post('/documents/:id/collab-token', async (req, res) => {
    const user = requireUser(res);
    await requireDocumentRole(storage, req.params.id, user, 'viewer');
    const { token, expiresAt } = tokens.issue(user.id, req.params.id);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ token, expiresAt: expiresAt.toISOString() });
  });

  return router;
}
