import type { IncomingMessage } from 'node:http';
import { isLoopback } from '../routes/metrics/metricsAccess.ts';

/**
 * The client's address for a request Express does not see (a WebSocket upgrade), by the rule
 * Express follows with `trust proxy` set to `loopback`: X-Forwarded-For is believed only as far
 * as loopback hops forwarded it, so a client cannot pick its own address, and a reverse proxy on
 * the same host does not make every client look like 127.0.0.1. IPv4 mapped into IPv6 is
 * written as IPv4, so one client has one key.
 */
export function upgradeClientAddress(request: IncomingMessage): string {
  const peer = request.socket.remoteAddress ?? 'unknown';
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop !== '');
  // Nearest first: the peer, then the hops from the right of the header.
  const chain = [peer, ...forwarded.reverse()];
  let index = 0;
  while (index < chain.length - 1 && isLoopback(chain[index])) index += 1;
  const address = chain[index] ?? peer;
  return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/iu, '');
}
