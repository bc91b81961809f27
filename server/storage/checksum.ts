import { createHash } from 'node:crypto';

/**
 * SHA-256 of a stored blob, hex-encoded. Written beside every state row and log entry, and checked
 * on load: a corrupt row is detected and refused instead of being decoded into a wrong document.
 */
export function checksum(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
