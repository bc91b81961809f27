import type { RequestHandler } from 'express';
import { NUL_REFUSED_MESSAGE } from '../../shared/api/storableText.ts';
import { BadRequest } from './HttpError.ts';

/**
 * Refuses an API path holding U+0000 (written `%00`; Express decodes it into the route's ids),
 * with the 400 the request schemas give for it in text. Ids go straight into queries, and
 * PostgreSQL fails on U+0000 in any text value, so `/api/documents/%00` was a 500 there and a
 * 404 on SQLite. Query strings and bodies are checked by their schemas (`storableString`).
 */
export const refuseNulInPath: RequestHandler = (req, _res, next) => {
  if (req.path.includes('%00')) throw BadRequest(`path: ${NUL_REFUSED_MESSAGE}`);
  next();
};
