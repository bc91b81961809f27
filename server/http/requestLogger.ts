import type { RequestHandler } from 'express';
import { withLogFields } from '../logContext.ts';
import type { Logger } from '../logger.ts';
import { REQUEST_ID_HEADER, requestIdFrom } from './requestId.ts';

/**
 * Paths whose next segment is a secret: whoever reads the log must not be able to use a pending
 * invitation, setup or password reset link.
 */
const SECRET_PATH = /^(\/api\/(?:invitations|setup|password-resets)\/)[^/]+/;

/** The path as it may be logged, with a link's secret token replaced by ":token". */
export function redactSecrets(path: string): string {
  return path.replace(SECRET_PATH, '$1:token');
}

/**
 * Gives each request an id (echoed as `X-Request-Id`, and taken from the proxy if it sent a
 * sane one), puts it on every log line written while the request is handled, and logs one line
 * per API request when it finishes.
 */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const requestId = requestIdFrom(req.get(REQUEST_ID_HEADER));
    res.locals['requestId'] = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      if (!req.originalUrl.startsWith('/api')) return;
      logger.info('request', {
        requestId,
        method: req.method,
        path: redactSecrets(req.originalUrl.split('?')[0] ?? ''),
        status: res.statusCode,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
      });
    });
    // Everything after this middleware, awaited promises included, runs inside the context.
    withLogFields({ requestId }, next);
  };
}
