import { createHash, timingSafeEqual } from 'node:crypto';

/** What a request for `/metrics` gets: the scrape, a 401 asking for the token, or a 403. */
export type MetricsAccess = 'allowed' | 'token-required' | 'not-loopback';

/** The parts of a request that decide access to `/metrics`. */
export interface MetricsRequest {
  /** Address of the TCP peer (the socket, not X-Forwarded-For). */
  remoteAddress: string | undefined;
  /** Whether a proxy forwarded the request (X-Forwarded-For, Forwarded or X-Real-IP is set). */
  forwarded: boolean;
  /** The Authorization header, if any. */
  authorization: string | undefined;
}

/** Whether an address is the local host: 127.0.0.0/8, ::1, or 127.x mapped into IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === '::1' || /^(?:::ffff:)?127(?:\.\d{1,3}){3}$/i.test(address);
}

/**
 * Decides who may read the metrics. Without METRICS_TOKEN only the local host may, and only
 * directly: a request a reverse proxy on the same host forwarded also comes from loopback, but
 * could have come from anyone on the internet, so a forwarded request is refused. With
 * METRICS_TOKEN set, `Authorization: Bearer <token>` is required from everywhere, loopback too,
 * so that one rule holds however the server is deployed.
 */
export function decideMetricsAccess(request: MetricsRequest, token: string | null): MetricsAccess {
  if (token !== null) {
    const match = /^Bearer +(\S+) *$/i.exec(request.authorization ?? '');
    return match?.[1] !== undefined && sameSecret(match[1], token) ? 'allowed' : 'token-required';
  }
  return isLoopback(request.remoteAddress) && !request.forwarded ? 'allowed' : 'not-loopback';
}

/**
 * Compares two secrets in constant time. Hashing first gives both sides the same length, so the
 * comparison reveals neither the token's contents nor its length.
 */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
