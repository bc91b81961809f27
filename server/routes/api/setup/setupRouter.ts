import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { setupRequestSchema } from '../../../../shared/api/accounts.ts';
import { hashPassword } from '../../../auth/passwordHash.ts';
import { hashSecretToken } from '../../../auth/secretToken.ts';
import { SETUP_TOKEN_SETTING } from '../../../auth/setupLink.ts';
import { SYSTEM_USER_ID } from '../../../auth/systemUser.ts';
import { Conflict, NotFound } from '../../../http/HttpError.ts';
import { parseInput } from '../../../http/parseBody.ts';
import { startSession, toSessionUser, type SessionDeps } from '../session/sessionRouter.ts';

/**
 * `GET` and `POST /api/setup/:token`: the one-time link printed at first start creates the
 * first admin, who takes over the seeded demo draft, and signs them in.
 */
export function setupRouter(deps: SessionDeps): Router {
  const router = Router();

  /** Checks the link; returns the stored hash, so a failed setup can put it back. */
  const checkToken = async (token: string): Promise<Uint8Array> => {
    const stored = await deps.storage.settings.get(SETUP_TOKEN_SETTING);
    const expected = stored ? new TextDecoder().decode(stored) : null;
    if (!stored || expected !== hashSecretToken(token)) {
      throw NotFound('This setup link is not valid. Restart the server for a new one.');
    }
    if ((await deps.storage.users.countWithPassword()) > 0) {
      throw Conflict('Remiss is already set up. Sign in instead.');
    }
    return stored;
  };

  router.get('/setup/:token', async (req, res) => {
    await checkToken(req.params.token);
    res.json({ valid: true });
  });

  router.post('/setup/:token', async (req, res) => {
    const stored = await checkToken(req.params.token);
    const input = parseInput(setupRequestSchema, req.body);
    // Use up the one-time link before the slow password hash, so that a second submission
    // racing this one (a double click, or someone else holding the link) finds it gone instead
    // of creating a second admin.
    await deps.storage.settings.delete(SETUP_TOKEN_SETTING);
    const user = await deps.storage.users.create({
      id: randomUUID(),
      email: input.email,
      name: input.name,
      organisation: input.organisation,
      passwordHash: await hashPassword(input.password),
      isAdmin: true,
    });
    if (!user) {
      await deps.storage.settings.set(SETUP_TOKEN_SETTING, stored);
      throw Conflict('An account with this email already exists.');
    }
    await deps.storage.documents.transferOwnership(SYSTEM_USER_ID, user.id);
    await deps.storage.audit.record({
      action: 'user-created',
      actorId: user.id,
      documentId: null,
      subjectId: user.id,
      details: { email: user.email, isAdmin: true, via: 'setup-link' },
    });
    await startSession(deps, req, res, user);
    res.status(201).json(toSessionUser(user));
  });

  return router;
}
