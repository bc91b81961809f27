import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { proposalMarkSchema } from '../../shared/api/proposals.ts';
import { PROPOSAL_CHANGE_TTL_SECONDS } from '../../shared/limits.ts';
import type { SettingsRepository } from '../storage/types.ts';

const claimsSchema = z.object({
  /** The proposal's thread. */
  thread: z.string(),
  /** The editor the change was prepared for. */
  user: z.string(),
  /** SHA-256 (base64url) of the prepared Yjs update. */
  digest: z.string(),
  /** Thread ids of the open proposals whose text the change overlaps. */
  conflicts: z.array(z.string()),
  /** The wording the change writes. */
  applied: z.object({ text: z.string(), marks: z.array(proposalMarkSchema) }),
  /** Expiry, in seconds since the epoch. */
  exp: z.number().int(),
});

/** What a prepared change's token vouches for. */
export type ProposalChangeClaims = z.infer<typeof claimsSchema>;

/** The SHA-256 of an update, as tokens carry it. */
export const updateDigest = (update: Uint8Array): string =>
  createHash('sha256').update(update).digest('base64url');

/**
 * HMAC-signed tokens that vouch for a change the server prepared for an editor's browser to
 * apply (`apply: 'client'`). The browser sends the change and its token back once the change is
 * stored; the token proves that this exact update is the accepted proposal, for this editor, so
 * the server records the acceptance without keeping anything in memory between the two requests
 * (which also holds across nodes). The secret lives in the database, like the collaboration
 * token secret.
 */
export class ProposalChangeTokens {
  private secret: Promise<Uint8Array> | null = null;

  constructor(private readonly settings: SettingsRepository) {}

  /** A token for `claims`, valid for PROPOSAL_CHANGE_TTL_SECONDS. */
  async issue(claims: Omit<ProposalChangeClaims, 'exp'>, now = Date.now()): Promise<string> {
    const exp = Math.floor(now / 1000) + PROPOSAL_CHANGE_TTL_SECONDS;
    const payload = Buffer.from(JSON.stringify({ ...claims, exp })).toString('base64url');
    return `${payload}.${await this.sign(payload)}`;
  }

  /** The claims of a valid, unexpired token, or null. */
  async verify(token: string, now = Date.now()): Promise<ProposalChangeClaims | null> {
    const [payload = '', signature = '', ...rest] = token.split('.');
    if (rest.length > 0) return null;
    const expected = Buffer.from(await this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    const claims = claimsSchema.safeParse(parsed);
    if (!claims.success || claims.data.exp * 1000 < now) return null;
    return claims.data;
  }

  private async sign(payload: string): Promise<string> {
    this.secret ??= this.settings.getOrCreate('proposal-change-secret', () => randomBytes(32));
    return createHmac('sha256', await this.secret)
      .update(payload)
      .digest('base64url');
  }
}
