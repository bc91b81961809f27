import { Router } from 'express';
import { markNotificationsReadRequestSchema } from '../../../../shared/api/notifications.ts';
import { requireUser } from '../../../auth/authenticate.ts';
import { parseInput } from '../../../http/parseBody.ts';
import type { NotificationInbox } from '../../../notifications/NotificationInbox.ts';

/** The signed-in user's inbox: listing it with the unread count, and marking entries read. */
export function notificationsRouter(inbox: NotificationInbox): Router {
  const router = Router();

  router.get('/notifications', async (_req, res) => {
    const user = requireUser(res);
    res.json(await inbox.list(user));
  });

  router.post('/notifications/read', async (req, res) => {
    const user = requireUser(res);
    const { ids } = parseInput(markNotificationsReadRequestSchema, req.body);
    await inbox.markRead(user, ids);
    res.status(204).end();
  });

  return router;
}
