import { Router } from 'express';
import type { SessionUser } from '../../../../shared/api/session.ts';
import { requireUser } from '../../../auth/authenticate.ts';

/** `GET /api/session`: the signed-in user. */
export function sessionRouter(): Router {
  const router = Router();
  router.get('/session', (_req, res) => {
    const user = requireUser(res);
    const body: SessionUser = {
      id: user.id,
      email: user.email,
      name: user.name,
      organisation: user.organisation,
      isAdmin: user.isAdmin,
    };
    res.json(body);
  });
  return router;
}
