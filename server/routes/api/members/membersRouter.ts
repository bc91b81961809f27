import { Router } from 'express';
import { setMemberRoleRequestSchema, type Member } from '../../../../shared/api/accounts.ts';
import { requireUser } from '../../../auth/authenticate.ts';
import type { AccessChanges } from '../../../collab/AccessChanges.ts';
import { Conflict, NotFound } from '../../../http/HttpError.ts';
import { parseInput } from '../../../http/parseBody.ts';
import type { Storage } from '../../../storage/types.ts';
import { requireDocumentRole } from '../documents/documentAccess.ts';
import { toInvitation } from '../invitations/invitationsRouter.ts';

/**
 * Members of a document: every member sees who else is in (grouped by organisation); owners
 * also see emails and invitation links, change roles and remove people. Changes reach the
 * affected person's open sockets at once.
 */
export function membersRouter(storage: Storage, access: AccessChanges): Router {
  const router = Router();

  router.get('/documents/:id/members', async (req, res) => {
    const user = requireUser(res);
    const { role } = await requireDocumentRole(storage, req.params.id, user, 'viewer');
    const isOwner = role === 'owner';
    const members: Member[] = (await storage.memberships.list(req.params.id))
      .filter((member) => member.userId !== 'remiss-system')
      .map((member) => ({
        ...member,
        email: isOwner || member.userId === user.id ? member.email : '',
      }));
    const invitations = isOwner
      ? (await storage.invitations.listForDocument(req.params.id)).map((i) => toInvitation(i))
      : [];
    res.json({ members, invitations });
  });

  router.put('/documents/:id/members/:userId', async (req, res) => {
    const user = requireUser(res);
    await requireDocumentRole(storage, req.params.id, user, 'owner');
    const { role } = parseInput(setMemberRoleRequestSchema, req.body);
    const target = await storage.users.get(req.params.userId);
    if (!target) throw NotFound('No such user.');
    const current = await storage.documents.roleOf(req.params.id, target.id);
    if (
      current === 'owner' &&
      role !== 'owner' &&
      (await storage.memberships.countOwners(req.params.id)) <= 1
    ) {
      throw Conflict('A document must keep at least one owner. Make someone else owner first.');
    }
    await storage.memberships.set(req.params.id, target.id, role);
    await storage.audit.record({
      action: 'member-role-changed',
      actorId: user.id,
      documentId: req.params.id,
      subjectId: target.id,
      details: { from: current, to: role },
    });
    await access.refresh(req.params.id, target.id);
    res.json({ userId: target.id, role });
  });

  router.delete('/documents/:id/members/:userId', async (req, res) => {
    const user = requireUser(res);
    await requireDocumentRole(storage, req.params.id, user, 'owner');
    const current = await storage.documents.roleOf(req.params.id, req.params.userId);
    if (!current) throw NotFound('That person is not a member of this document.');
    if (current === 'owner' && (await storage.memberships.countOwners(req.params.id)) <= 1) {
      throw Conflict('A document must keep at least one owner. Make someone else owner first.');
    }
    await storage.memberships.remove(req.params.id, req.params.userId);
    await storage.audit.record({
      action: 'member-removed',
      actorId: user.id,
      documentId: req.params.id,
      subjectId: req.params.userId,
      details: { role: current },
    });
    await access.refresh(req.params.id, req.params.userId);
    res.status(204).end();
  });

  return router;
}
