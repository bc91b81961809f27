import { Router } from 'express';
import type { z } from 'zod';
import type { auditEntrySchema } from '../../../../shared/api/accounts.ts';
import { MAX_AUDIT_ENTRIES } from '../../../../shared/limits.ts';
import { requireUser } from '../../../auth/authenticate.ts';
import { Forbidden } from '../../../http/HttpError.ts';
import type { AuditEntry, Storage } from '../../../storage/types.ts';
import { requireDocumentRole } from '../documents/documentAccess.ts';

type AuditEntryResponse = z.infer<typeof auditEntrySchema>;

async function present(storage: Storage, entries: AuditEntry[]): Promise<AuditEntryResponse[]> {
  const people = new Map<string, { id: string; name: string; organisation: string } | null>();
  const person = async (id: string | null) => {
    if (!id) return null;
    if (!people.has(id)) {
      const user = await storage.users.get(id);
      people.set(
        id,
        user ? { id: user.id, name: user.name, organisation: user.organisation } : null,
      );
    }
    return people.get(id) ?? null;
  };
  const result: AuditEntryResponse[] = [];
  for (const entry of entries) {
    result.push({
      id: entry.id,
      at: entry.at,
      action: entry.action,
      actor: await person(entry.actorId),
      documentId: entry.documentId,
      subject: await person(entry.subjectId),
      details: entry.details,
    });
  }
  return result;
}

/** The audit log: owners see their document's entries, site admins see everything. */
export function auditRouter(storage: Storage): Router {
  const router = Router();

  router.get('/documents/:id/audit', async (req, res) => {
    const user = requireUser(res);
    await requireDocumentRole(storage, req.params.id, user, 'owner');
    const entries = await storage.audit.listForDocument(req.params.id, MAX_AUDIT_ENTRIES);
    res.json({ entries: await present(storage, entries) });
  });

  router.get('/audit', async (_req, res) => {
    const user = requireUser(res);
    if (!user.isAdmin) throw Forbidden('Only site admins can read the whole audit log.');
    const entries = await storage.audit.listAll(MAX_AUDIT_ENTRIES);
    res.json({ entries: await present(storage, entries) });
  });

  return router;
}
