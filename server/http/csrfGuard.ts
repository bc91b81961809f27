import type { RequestHandler } from 'express';
import { isImportPath, UPLOAD_CSRF_HEADER } from '../../shared/api/import.ts';
import { BadRequest, Forbidden } from './HttpError.ts';
import { isSameOrigin } from './sameOrigin.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Protects cookie-authenticated state changes from cross-site requests. A state-changing request
 * must either carry no Origin (non-browser clients, which API.md promises keep working) or an
 * Origin equal to this server's; and a body, if any, must be JSON, which a plain HTML form
 * cannot send (or, on the import routes, a multipart upload with a header no form can set).
 */
export function csrfGuard(allowedOrigins: () => readonly string[]): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) {
      next();
      return;
    }
    const origin = req.get('origin');
    if (origin !== undefined && !isSameOrigin(origin, req.get('host'), allowedOrigins())) {
      throw Forbidden('Cross-site requests are not allowed.');
    }
    const length = Number(req.get('content-length') ?? '0');
    const chunked = req.get('transfer-encoding') !== undefined;
    // Imports take files as multipart/form-data, which a cross-site form can send too; a header
    // it cannot set stands in for the JSON content type there. Only browsers send forms, and a
    // browser says so (Origin on every POST, or Fetch Metadata), so a script posting the file as
    // API.md documents it (no Origin, no Sec-Fetch-*) needs no extra header.
    if ((length > 0 || chunked) && isImportPath(req.path) && req.is('multipart/form-data')) {
      const fromBrowser = origin !== undefined || req.get('sec-fetch-site') !== undefined;
      if (fromBrowser && req.get(UPLOAD_CSRF_HEADER) === undefined) {
        throw BadRequest(`An upload must carry the ${UPLOAD_CSRF_HEADER} header (any value).`);
      }
      next();
      return;
    }
    if ((length > 0 || chunked) && !req.is('application/json')) {
      throw BadRequest('Send the request body as JSON (Content-Type: application/json).');
    }
    next();
  };
}
