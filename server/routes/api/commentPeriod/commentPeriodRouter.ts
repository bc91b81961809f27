import { Router } from 'express';
import { setCommentPeriodRequestSchema } from '../../../../shared/api/comments.ts';
import { requireUser } from '../../../auth/authenticate.ts';
import type { CommentService } from '../../../comments/CommentService.ts';
import { parseInput } from '../../../http/parseBody.ts';
import { documentSummary } from '../documents/documentsRouter.ts';

/** The comment period: the owner sets or clears the deadline for commenters. */
export function commentPeriodRouter(comments: CommentService): Router {
  const router = Router();

  router.put('/documents/:id/comment-period', async (req, res) => {
    const user = requireUser(res);
    const { closesAt } = parseInput(setCommentPeriodRequestSchema, req.body);
    const { document, role } = await comments.setCommentPeriod(req.params.id, user, closesAt);
    res.json(documentSummary(document, role));
  });

  return router;
}
