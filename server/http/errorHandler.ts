import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ErrorResponse } from '../../shared/api/errors.ts';
import { MAX_JSON_BODY_BYTES } from '../../shared/limits.ts';
import type { Logger } from '../logger.ts';
import { BadRequest, HttpError, NotFound, PayloadTooLarge } from './HttpError.ts';

/** Body-parser errors carry a `type`; map the ones a client can cause to their HTTP meaning. */
function fromBodyParser(error: unknown): HttpError | null {
  if (typeof error !== 'object' || error === null || !('type' in error)) return null;
  switch (error.type) {
    case 'entity.too.large':
      return PayloadTooLarge(`The request body is larger than ${MAX_JSON_BODY_BYTES} bytes.`);
    case 'entity.parse.failed':
      return BadRequest('The request body is not valid JSON.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return BadRequest('The request body must be UTF-8 encoded JSON.');
    default:
      return null;
  }
}

/** Answers unknown `/api` routes with a JSON 404 instead of the web app. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(NotFound(`No API route ${req.method} ${req.path}.`));
};

/**
 * Turns every error into `{ "error": { "code", "message" } }` with a fitting status. Unexpected
 * errors are logged with the request id and answered with a generic 500, never a stack trace.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = error instanceof HttpError ? error : fromBodyParser(error);
    const httpError = known ?? new HttpError(500, 'internal', 'An unexpected error occurred.');
    if (!known) {
      logger.error('unhandled error in request', {
        requestId: res.locals['requestId'],
        method: req.method,
        path: req.path,
        error,
      });
    }
    if ('retryAfterSeconds' in httpError && typeof httpError.retryAfterSeconds === 'number') {
      res.setHeader('Retry-After', String(httpError.retryAfterSeconds));
    }
    const body: ErrorResponse = {
      error: {
        code: httpError.code,
        message: httpError.message,
        ...(httpError.details === undefined ? {} : { details: httpError.details }),
      },
    };
    res.status(httpError.status).json(body);
  };
}
