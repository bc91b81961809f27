import type { RequestHandler } from 'express';
import { BadRequest, Forbidden } from './HttpError.ts';
import { isSameOrigin } from './sameOrigin.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Protects cookie-authenticated state changes from cross-site requests. A state-changing request
 * must either carry no Origin (non-browser clients, which API.md promises keep working) or an
 * Origin equal to this server's; and a body, if any, must be JSON, which a plain HTML form
 * cannot send.
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
    if ((length > 0 || chunked) && !req.is('application/json')) {
      throw BadRequest('Send the request body as JSON (Content-Type: application/json).');
    }
    next();
  };
}
