import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { COLLAB_TOKEN_TTL_SECONDS } from '../../shared/limits.ts';
import type { SettingsRepository } from '../storage/types.ts';

const payloadSchema = z.object({
  sub: z.string(),
  doc: z.string(),
  exp: z.number().int(),
});

/** Who a valid collaboration token was issued to, and for which document. */
export type CollabTokenClaims = z.infer<typeof payloadSchema>;

/** Why a token was refused. */
export type TokenProblem = 'malformed' | 'bad-signature' | 'expired';

const VERSION = 'v1';

/**
 * Short-lived, HMAC-signed tokens for the collaboration socket. The HTTP API issues one to a
 * member (`POST /api/documents/:id/collab-token`); the socket's onAuthenticate verifies it without
 * a database round trip for the signature. The secret lives in the database so tokens stay valid
 * across restarts and, later, across nodes.
 */
export class CollabTokens {
  private constructor(private readonly secret: Uint8Array) {}

  /** Loads the signing secret, creating it on first start. */
  static async load(settings: SettingsRepository): Promise<CollabTokens> {
    const secret = await settings.getOrCreate('collab-token-secret', () => randomBytes(32));
    return new CollabTokens(secret);
  }

  /** Issues a token for `userId` on `documentId`, valid for COLLAB_TOKEN_TTL_SECONDS. */
  issue(userId: string, documentId: string, now = Date.now()): { token: string; expiresAt: Date } {
    const exp = Math.floor(now / 1000) + COLLAB_TOKEN_TTL_SECONDS;
    const payload = Buffer.from(JSON.stringify({ sub: userId, doc: documentId, exp })).toString(
      'base64url',
    );
    return {
      token: `${VERSION}.${payload}.${this.sign(payload)}`,
      expiresAt: new Date(exp * 1000),
    };
  }

  /** Verifies a token; returns its claims, or the reason it is not acceptable. */
  verify(
    token: string,
    now = Date.now(),
  ): { ok: true; claims: CollabTokenClaims } | { ok: false; problem: TokenProblem } {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== VERSION) return { ok: false, problem: 'malformed' };
    const [, payload = '', signature = ''] = parts;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { ok: false, problem: 'bad-signature' };
    }
    let claims: CollabTokenClaims;
    try {
      claims = payloadSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    } catch {
      return { ok: false, problem: 'malformed' };
    }
    if (claims.exp * 1000 <= now) return { ok: false, problem: 'expired' };
    return { ok: true, claims };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(`${VERSION}.${payload}`).digest('base64url');
  }
}
