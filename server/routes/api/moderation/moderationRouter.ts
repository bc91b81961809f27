import { Router } from 'express';
import { hideCommentRequestSchema } from '../../../../shared/api/comments.ts';
import { requireUser } from '../../../auth/authenticate.ts';
import type { CommentService } from '../../../comments/CommentService.ts';
import { parseInput } from '../../../http/parseBody.ts';

/** Moderation: owners (and site admins) hide a comment with a reason, and show it again. */
export function moderationRouter(comments: CommentService): Router {
  const router = Router();

  router.post('/comments/:id/hide', async (req, res) => {
    const user = requireUser(res);
    const { reason } = parseInput(hideCommentRequestSchema, req.body);
    res.json(await comments.hideComment(req.params.id, user, reason));
  });

  router.delete('/comments/:id/hide', async (req, res) => {
    const user = requireUser(res);
    res.json(await comments.unhideComment(req.params.id, user));
  });

  return router;
}
