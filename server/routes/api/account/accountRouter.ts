import { Router } from 'express';
import {
  changePasswordRequestSchema,
  updateAccountRequestSchema,
} from '../../../../shared/api/accounts.ts';
import { requireUser } from '../../../auth/authenticate.ts';
import { hashPassword } from '../../../auth/passwordHash.ts';
import { parseInput } from '../../../http/parseBody.ts';
import { signInWithPassword, toSessionUser, type SessionDeps } from '../session/sessionRouter.ts';

/** `PATCH /api/account` and `POST /api/account/password`: the user's own account. */
export function accountRouter(deps: SessionDeps): Router {
  const router = Router();

  router.patch('/account', async (req, res) => {
    const user = requireUser(res);
    const profile = parseInput(updateAccountRequestSchema, req.body);
    await deps.storage.users.updateProfile(user.id, profile);
    res.json(toSessionUser({ ...user, ...profile }));
  });

  router.post('/account/password', async (req, res) => {
    const user = requireUser(res);
    const { currentPassword, newPassword } = parseInput(changePasswordRequestSchema, req.body);
    await signInWithPassword(deps, req, user.email, currentPassword);
    await deps.storage.users.setPasswordHash(user.id, await hashPassword(newPassword));
    // Other browsers signed in with the old password are signed out; this one stays.
    await deps.sessions.endOthers(user.id, deps.sessions.tokenOf(req));
    await deps.storage.audit.record({
      action: 'password-changed',
      actorId: user.id,
      documentId: null,
      subjectId: user.id,
      details: {},
    });
    res.status(204).end();
  });

  return router;
}
