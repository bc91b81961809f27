import type { ErrorCode } from '../../shared/api/errors.ts';

/** An error that becomes an HTTP response with the one error shape of the API. */
export class HttpError extends Error {
  override name = 'HttpError';

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** 400: the request is malformed or fails validation. */
export const BadRequest = (message: string, details?: unknown) =>
  new HttpError(400, 'invalid_input', message, details);
/** 401: nobody is signed in. */
export const Unauthenticated = (message = 'Sign in first.') =>
  new HttpError(401, 'unauthenticated', message);
/** 403: signed in, but not allowed to do this. */
export const Forbidden = (message = 'You are not allowed to do this.') =>
  new HttpError(403, 'forbidden', message);
/** 404: no such thing, or not visible to the caller. */
export const NotFound = (message = 'Not found.') => new HttpError(404, 'not_found', message);
/** 409: the request conflicts with the current state. */
export const Conflict = (message: string) => new HttpError(409, 'conflict', message);
/** 413: the body is larger than the limit. */
export const PayloadTooLarge = (message: string) =>
  new HttpError(413, 'payload_too_large', message);
/** 429: too many requests; try again later. */
export const TooManyRequests = (message: string) => new HttpError(429, 'rate_limited', message);
/** 503: a dependency such as the database is not available. */
export const Unavailable = (message: string, details?: unknown) =>
  new HttpError(503, 'unavailable', message, details);
