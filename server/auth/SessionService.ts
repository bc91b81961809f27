import type { IncomingHttpHeaders } from 'node:http';
import { SESSION_IDLE_TTL_SECONDS } from '../../shared/limits.ts';
import type { Storage, UserRecord } from '../storage/types.ts';
import type { IdentityResolver } from './authenticate.ts';
import { readCookie, SESSION_COOKIE } from './cookies.ts';
import { hashPassword, verifyPassword } from './passwordHash.ts';
import { hashSecretToken, newSecretToken } from './secretToken.ts';

/** Sessions are extended at most this often, so a busy user does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Server-side sessions. The cookie carries a random token; the database keeps only its hash,
 * the user, how they signed in (`password` today; OIDC later) and the expiry. This is the one
 * place a request's cookie becomes a user, for HTTP and for the collaboration socket.
 */
export class SessionService implements IdentityResolver {
  // Verifying against a real hash when the email is unknown makes both answers take as long.
  private readonly dummyHash: Promise<string>;

  constructor(private readonly storage: Storage) {
    this.dummyHash = hashPassword(newSecretToken());
  }

  /** Checks an email and password; returns the user or null, in the same time either way. */
  async checkPassword(email: string, password: string): Promise<UserRecord | null> {
    const user = await this.storage.users.getByEmail(email);
    const stored = user ? await this.storage.users.passwordHashOf(user.id) : null;
    const ok = await verifyPassword(password, stored ?? (await this.dummyHash));
    return user && stored && ok ? user : null;
  }

  /**
   * Starts a new session for the user and returns its token for the cookie. A fresh token at
   * every sign-in (and the old session ended) prevents session fixation.
   */
  async start(userId: string, authMethod: string, previousToken: string | null): Promise<string> {
    if (previousToken) await this.storage.sessions.delete(hashSecretToken(previousToken));
    const token = newSecretToken();
    const now = new Date();
    await this.storage.sessions.create({
      tokenHash: hashSecretToken(token),
      userId,
      authMethod,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_IDLE_TTL_SECONDS * 1000).toISOString(),
    });
    return token;
  }

  /** Ends the session of this token, if any. */
  async end(token: string | null): Promise<void> {
    if (token) await this.storage.sessions.delete(hashSecretToken(token));
  }

  /** Ends every other session of the user, e.g. after a password change. */
  async endOthers(userId: string, keepToken: string | null): Promise<void> {
    await this.storage.sessions.deleteForUser(userId, keepToken ? hashSecretToken(keepToken) : '');
  }

  /** The user a session token belongs to, extending the session; null if none or expired. */
  async userForToken(token: string): Promise<UserRecord | null> {
    const tokenHash = hashSecretToken(token);
    const now = new Date();
    const session = await this.storage.sessions.findValid(tokenHash, now);
    if (!session) return null;
    const expires = new Date(session.expiresAt).getTime();
    const fullLife = now.getTime() + SESSION_IDLE_TTL_SECONDS * 1000;
    if (fullLife - expires > TOUCH_INTERVAL_MS) {
      await this.storage.sessions.touch(tokenHash, now, new Date(fullLife));
    }
    return this.storage.users.get(session.userId);
  }

  /** The session token in a request's cookie, if any. */
  tokenOf(req: { headers: IncomingHttpHeaders }): string | null {
    return readCookie(req.headers.cookie, SESSION_COOKIE);
  }

  async resolve(req: { headers: IncomingHttpHeaders }): Promise<UserRecord | null> {
    const token = this.tokenOf(req);
    return token ? this.userForToken(token) : null;
  }
}
