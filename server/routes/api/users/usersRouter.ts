import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { createUserRequestSchema } from '../../../../shared/api/accounts.ts';
import { requireUser } from '../../../auth/authenticate.ts';
import { hashPassword } from '../../../auth/passwordHash.ts';
import { Conflict, Forbidden } from '../../../http/HttpError.ts';
import { parseInput } from '../../../http/parseBody.ts';
import type { Storage } from '../../../storage/types.ts';
import { toSessionUser } from '../session/sessionRouter.ts';

/** Most accounts one list request returns. */
const MAX_USERS_LISTED = 1000;

/** `POST /api/users` and `GET /api/users`: account administration (site admins only). */
export function usersRouter(storage: Storage): Router {
  const router = Router();

  router.post('/users', async (req, res) => {
    const admin = requireUser(res);
    if (!admin.isAdmin) throw Forbidden('Only site admins can create accounts.');
    const input = parseInput(createUserRequestSchema, req.body);
    const user = await storage.users.create({
      id: randomUUID(),
      email: input.email,
      name: input.name,
      organisation: input.organisation,
      passwordHash: await hashPassword(input.password),
      isAdmin: input.isAdmin ?? false,
    });
    if (!user) throw Conflict('An account with this email already exists.');
    await storage.audit.record({
      action: 'user-created',
      actorId: admin.id,
      documentId: null,
      subjectId: user.id,
      details: { email: user.email, isAdmin: user.isAdmin },
    });
    res.status(201).json(toSessionUser(user));
  });

  router.get('/users', async (_req, res) => {
    const admin = requireUser(res);
    if (!admin.isAdmin) throw Forbidden('Only site admins can list accounts.');
    const users = await storage.users.list(MAX_USERS_LISTED);
    res.json({
      users: users.filter((u) => u.email !== 'system@remiss.invalid').map(toSessionUser),
    });
  });

  return router;
}
