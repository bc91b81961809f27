import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import {
  acceptInvitationRequestSchema,
  createInvitationRequestSchema,
  type Invitation,
} from '../../../../shared/api/accounts.ts';
import { requireUser } from '../../../auth/authenticate.ts';
import { hashPassword } from '../../../auth/passwordHash.ts';
import { hashSecretToken, newSecretToken } from '../../../auth/secretToken.ts';
import type { AccessChanges } from '../../../collab/AccessChanges.ts';
import { BadRequest, Conflict, NotFound } from '../../../http/HttpError.ts';
import { parseInput } from '../../../http/parseBody.ts';
import type { InvitationRecord } from '../../../storage/types.ts';
import { requireDocumentRole } from '../documents/documentAccess.ts';
import { newPasswordSchema } from '../../../../shared/api/accounts.ts';
import { signInWithPassword, startSession, type SessionDeps } from '../session/sessionRouter.ts';

/** An invitation as owners see it: never with its token. */
export function toInvitation(record: InvitationRecord, now = new Date()): Invitation {
  return {
    id: record.id,
    role: record.role,
    createdBy: record.createdBy,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    revokedAt: record.revokedAt,
    acceptedCount: record.acceptedCount,
    active: record.revokedAt === null && new Date(record.expiresAt) > now,
  };
}

function baseUrl(req: Request, publicUrl: string | null): string {
  return (publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`).replace(/\/$/, '');
}

/**
 * Invitation links: owners create and revoke them; anyone holding one can see what it grants
 * and accept it, which creates or joins an account, grants the role and signs them in.
 */
export function invitationsRouter(deps: SessionDeps & { access: AccessChanges }): Router {
  const router = Router();
  const { storage } = deps;

  const activeInvitation = async (token: string): Promise<InvitationRecord> => {
    const invitation = await storage.invitations.findByTokenHash(hashSecretToken(token));
    if (!invitation) throw NotFound('This invitation link is not valid.');
    if (invitation.revokedAt) throw NotFound('This invitation link has been withdrawn.');
    if (new Date(invitation.expiresAt) <= new Date()) {
      throw NotFound('This invitation link has expired. Ask for a new one.');
    }
    return invitation;
  };

  router.post('/invitations', async (req, res) => {
    const user = requireUser(res);
    const input = parseInput(createInvitationRequestSchema, req.body);
    await requireDocumentRole(storage, input.documentId, user, 'owner');
    const token = newSecretToken();
    const now = new Date();
    const record: InvitationRecord = {
      id: randomUUID(),
      documentId: input.documentId,
      role: input.role,
      createdBy: user.id,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString(),
      revokedAt: null,
      acceptedCount: 0,
    };
    await storage.invitations.create({ ...record, tokenHash: hashSecretToken(token) });
    await storage.audit.record({
      action: 'invitation-created',
      actorId: user.id,
      documentId: input.documentId,
      subjectId: null,
      details: { invitationId: record.id, role: record.role, expiresAt: record.expiresAt },
    });
    res.status(201).json({
      id: record.id,
      token,
      url: `${baseUrl(req, deps.publicUrl)}/invite/${token}`,
      role: record.role,
      expiresAt: record.expiresAt,
    });
  });

  router.delete('/invitations/:id', async (req, res) => {
    const user = requireUser(res);
    const invitation = await storage.invitations.get(req.params.id);
    if (!invitation) throw NotFound('No such invitation.');
    await requireDocumentRole(storage, invitation.documentId, user, 'owner');
    await storage.invitations.revoke(invitation.id, new Date());
    await storage.audit.record({
      action: 'invitation-revoked',
      actorId: user.id,
      documentId: invitation.documentId,
      subjectId: null,
      details: { invitationId: invitation.id },
    });
    res.status(204).end();
  });

  router.get('/invitations/:token', async (req, res) => {
    const invitation = await activeInvitation(req.params.token);
    const document = await storage.documents.get(invitation.documentId);
    if (!document) throw NotFound('This invitation link is not valid.');
    res.json({
      documentTitle: document.title,
      role: invitation.role,
      expiresAt: invitation.expiresAt,
    });
  });

  router.post('/invitations/:token/accept', async (req, res) => {
    const invitation = await activeInvitation(req.params.token);
    const body = parseInput(acceptInvitationRequestSchema, req.body ?? {});
    let user = res.locals['user'] as Awaited<ReturnType<typeof storage.users.get>> | undefined;
    let newSession = false;
    if ('email' in body) {
      const existing = await storage.users.getByEmail(body.email);
      if (existing || !('name' in body)) {
        // Joining with an existing account: the same checks and backoff as signing in.
        user = await signInWithPassword(deps, req, body.email, body.password);
      } else {
        const password = newPasswordSchema.safeParse(body.password);
        if (!password.success)
          throw BadRequest(`password: ${password.error.issues[0]?.message ?? 'invalid'}`);
        const created = await storage.users.create({
          id: randomUUID(),
          email: body.email,
          name: body.name,
          organisation: body.organisation,
          passwordHash: await hashPassword(password.data),
          isAdmin: false,
        });
        if (!created) throw Conflict('An account with this email was created just now. Sign in.');
        await storage.audit.record({
          action: 'user-created',
          actorId: created.id,
          documentId: invitation.documentId,
          subjectId: created.id,
          details: { email: created.email, via: 'invitation', invitationId: invitation.id },
        });
        user = created;
      }
      newSession = true;
    }
    if (!user) throw BadRequest('Sign in, or give the account to create.');
    const role = await storage.invitations.accept(invitation.id, user.id);
    await storage.audit.record({
      action: 'invitation-accepted',
      actorId: user.id,
      documentId: invitation.documentId,
      subjectId: user.id,
      details: { invitationId: invitation.id, role },
    });
    await deps.access.refresh(invitation.documentId, user.id);
    if (newSession) await startSession(deps, req, res, user);
    res.json({ documentId: invitation.documentId, role });
  });

  return router;
}
