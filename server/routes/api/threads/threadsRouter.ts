import { Router } from 'express';
import {
  createCommentRequestSchema,
  createThreadRequestSchema,
  setDispositionRequestSchema,
  updateThreadRequestSchema,
} from '../../../../shared/api/comments.ts';
import { listThreadsQuerySchema } from '../../../../shared/api/compactThreads.ts';
import { requireUser } from '../../../auth/authenticate.ts';
import type { CommentService } from '../../../comments/CommentService.ts';
import { parseInput } from '../../../http/parseBody.ts';

/**
 * Threads: listing a document's threads (members; `?shape=compact` for the app's compact shape,
 * see shared/api/compactThreads.ts), starting one on a passage or paragraph and replying
 * (commenters and up), resolving and reopening (editors and up, or the thread's author), the
 * stance (the author) and the disposition (editors and up).
 */
export function threadsRouter(comments: CommentService): Router {
  const router = Router();

  router.get('/documents/:id/threads', async (req, res) => {
    const user = requireUser(res);
    const { shape } = parseInput(listThreadsQuerySchema, req.query);
    if (shape === 'compact') res.json(await comments.listCompactThreads(req.params.id, user));
    else res.json({ threads: await comments.listThreads(req.params.id, user) });
  });

  router.post('/documents/:id/threads', async (req, res) => {
    const user = requireUser(res);
    const input = parseInput(createThreadRequestSchema, req.body);
    res.status(201).json(await comments.createThread(req.params.id, user, input));
  });

  router.post('/threads/:id/comments', async (req, res) => {
    const user = requireUser(res);
    const input = parseInput(createCommentRequestSchema, req.body);
    res.status(201).json(await comments.addComment(req.params.id, user, input));
  });

  router.patch('/threads/:id', async (req, res) => {
    const user = requireUser(res);
    const input = parseInput(updateThreadRequestSchema, req.body);
    res.json(await comments.updateThread(req.params.id, user, input));
  });

  router.put('/threads/:id/disposition', async (req, res) => {
    const user = requireUser(res);
    const input = parseInput(setDispositionRequestSchema, req.body);
    res.json(await comments.setDisposition(req.params.id, user, input));
  });

  return router;
}
