import fs from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler, Router } from 'express';
import { compressedAssets } from './compressedAssets.ts';

/**
 * Serves the built web app from `dir`, with long caching for hashed assets (compressed for
 * clients that take it, see compressedAssets) and `index.html` for
 * every other path, so client-side routes survive a reload. If the app is not built, answers
 * with a plain explanation instead of a bare 404.
 */
export function staticClient(dir: string): Router {
  const router = Router();
  const index = path.join(dir, 'index.html');
  router.use('/assets', compressedAssets(path.join(dir, 'assets')));
  router.use(
    '/assets',
    express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }),
  );
  router.use(express.static(dir, { index: false, maxAge: 0 }));
  const spa: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    if (!fs.existsSync(index)) {
      res
        .status(503)
        .type('text/plain')
        .send('The web app is not built. Run `npm run build` (npm start does this for you).');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  };
  router.use(spa);
  return router;
}
