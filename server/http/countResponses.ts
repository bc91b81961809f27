import type { RequestHandler } from 'express';

/**
 * Reports the status of every HTTP response once it is sent, for the responses-by-class counter
 * whose 5xx series is the server's error rate.
 */
export function countResponses(responded: (status: number) => void): RequestHandler {
  return (_req, res, next) => {
    res.on('finish', () => responded(res.statusCode));
    next();
  };
}
