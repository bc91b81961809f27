import { Router } from 'express';
import { updateCommentRequestSchema } from '../../../../shared/api/comments.ts';
import { requireUser } from '../../../auth/authenticate.ts';
import type { CommentService } from '../../../comments/CommentService.ts';
import { parseInput } from '../../../http/parseBody.ts';

/** A person's own comments: editing and deleting them. */
export function commentsRouter(comments: CommentService): Router {
  const router = Router();

  router.patch('/comments/:id', async (req, res) => {
    const user = requireUser(res);
    const input = parseInput(updateCommentRequestSchema, req.body);
    res.json(await comments.editComment(req.params.id, user, input));
  });

  router.delete('/comments/:id', async (req, res) => {
    const user = requireUser(res);
    await comments.deleteComment(req.params.id, user);
    res.status(204).end();
  });

  return router;
}
