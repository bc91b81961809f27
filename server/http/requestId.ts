import { randomUUID } from 'node:crypto';
import { MAX_REQUEST_ID_LENGTH } from '../../shared/limits.ts';

/** Header that carries the request id in and out. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

const SAFE_REQUEST_ID = new RegExp(`^[A-Za-z0-9_.-]{1,${MAX_REQUEST_ID_LENGTH}}$`);

/**
 * The id of a request: the one a proxy sent, if it is short and made of safe characters, so one
 * request can be followed through the proxy's log and ours; otherwise a fresh UUID. Anything
 * else is replaced rather than cleaned, so a client cannot put text of its choosing (line
 * breaks, quotes, a fake JSON field) into the log.
 */
export function requestIdFrom(incoming: string | undefined): string {
  return incoming !== undefined && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}
