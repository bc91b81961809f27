import { Router } from 'express';
import {
  compareQuerySchema,
  createVersionRequestSchema,
  VERSION_STATE_CONTENT_TYPE,
} from '../../../../shared/api/versions.ts';
import { requireUser } from '../../../auth/authenticate.ts';
import { parseInput } from '../../../http/parseBody.ts';
import type { VersionService } from '../../../versions/VersionService.ts';

/**
 * Versions: listing them, reading one as Tiptap JSON or HTML, and comparing two (members);
 * naming the current text and restoring a version (editors and up).
 */
export function versionsRouter(versions: VersionService): Router {
  const router = Router();

  router.get('/documents/:id/versions', async (req, res) => {
    const user = requireUser(res);
    res.json({ versions: await versions.list(req.params.id, user) });
  });

  router.post('/documents/:id/versions', async (req, res) => {
    const user = requireUser(res);
    const input = parseInput(createVersionRequestSchema, req.body);
    res.status(201).json(await versions.createNamed(req.params.id, user, input));
  });

  router.get('/documents/:id/versions/:versionId', async (req, res) => {
    const user = requireUser(res);
    res.json(await versions.get(req.params.id, req.params.versionId, user));
  });

  router.get('/documents/:id/versions/:versionId/html', async (req, res) => {
    const user = requireUser(res);
    const html = await versions.html(req.params.id, req.params.versionId, user);
    // A fragment of escaped text and known tags; still, nothing in it may run if opened directly.
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.type('text/html; charset=utf-8').send(html);
  });

  router.get('/documents/:id/versions/:versionId/state', async (req, res) => {
    const user = requireUser(res);
    const state = await versions.state(req.params.id, req.params.versionId, user);
    res.type(VERSION_STATE_CONTENT_TYPE).send(Buffer.from(state));
  });

  router.get('/documents/:id/versions/:versionId/threads', async (req, res) => {
    const user = requireUser(res);
    res.json({ threads: await versions.threads(req.params.id, req.params.versionId, user) });
  });

  router.post('/documents/:id/versions/:versionId/restore', async (req, res) => {
    const user = requireUser(res);
    res.json(await versions.restore(req.params.id, req.params.versionId, user));
  });

  router.get('/documents/:id/compare', async (req, res) => {
    const user = requireUser(res);
    const { from, to } = parseInput(compareQuerySchema, req.query);
    res.json(await versions.compare(req.params.id, from, to, user));
  });

  return router;
}
