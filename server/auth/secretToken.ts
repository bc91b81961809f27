import { createHash, randomBytes } from 'node:crypto';

/** A new random token for a cookie or link: 32 bytes, base64url. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the database stores for a secret token: its SHA-256. A stolen database then holds no
 * working session cookies or invitation links. Tokens are random, so no salt is needed.
 */
export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
